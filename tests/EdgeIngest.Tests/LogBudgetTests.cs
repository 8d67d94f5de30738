using System;
using System.Diagnostics;
using EdgeIngest.Logging;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// The error-line budget (docs/operations.md: at most 5 lines per 10 s per kind), on timestamps the test chooses: an
/// operator's trial saw 6 lines in 0.8 s when an outage straddled the old fixed window's reset.
/// </summary>
public sealed class LogBudgetTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void No_span_of_the_window_holds_more_lines_than_the_budget_even_across_a_window_boundary()
    {
        var budget = new LogBudget(5, TimeSpan.FromSeconds(10));
        var start = 1_000 * Second;

        // 4 lines at 9.5 s, then a burst at 10.1 s: a fixed window reset at 10 s wrote 5 more (9 within 0.6 s).
        var written = 0;
        for (var i = 0; i < 4; i++)
        {
            written += budget.TryTake(start + (9 * Second) + (Second / 2), out _) ? 1 : 0;
        }

        for (var i = 0; i < 5; i++)
        {
            written += budget.TryTake(start + (10 * Second) + (Second / 10), out _) ? 1 : 0;
        }

        Assert.Equal(5, written);

        // Once the oldest line is 10 s old, one more fits, and it reports the 4 held back.
        Assert.False(budget.TryTake(start + (19 * Second), out _));
        Assert.True(budget.TryTake(start + (19 * Second) + (Second / 2), out var suppressed));
        Assert.Equal(5, suppressed);
    }
}
