using System;
using System.Diagnostics;

namespace EdgeIngest.Logging;

/// <summary>
/// Rate-limits one kind of error log line: at most <c>perWindow</c> lines in any span of one window (a sliding window:
/// the times of the last <c>perWindow</c> lines are kept); the lines held back are counted and reported with the next
/// line that is written ("… N similar lines suppressed"), so an outage writes a few lines and a count, not a thousand
/// lines. A fixed window (reset every 10 s) let an outage that straddled a reset write 6 lines in 0.8 s (an operator's
/// trial; operations.md promises at most 5 per 10 s).
/// </summary>
public sealed class LogBudget
{
    private readonly object _gate = new();
    private readonly long _windowTicks;
    private readonly long[] _written;
    private int _next;
    private long _suppressed;

    /// <summary>Allows <paramref name="perWindow"/> lines in any span of <paramref name="window"/>.</summary>
    public LogBudget(int perWindow, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        _written = new long[perWindow];
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Five lines per 10 seconds: the default for error lines that repeat during an outage.</summary>
    public static LogBudget ForErrors() => new(5, TimeSpan.FromSeconds(10));

    /// <summary>
    /// True when a line may be written now; <paramref name="suppressed"/> is then how many were held back since the
    /// last written line (to report with it). False: the line is counted and not written.
    /// </summary>
    public bool TryTake(out long suppressed) => TryTake(Stopwatch.GetTimestamp(), out suppressed);

    /// <summary><see cref="TryTake(out long)"/> at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    internal bool TryTake(long now, out long suppressed)
    {
        lock (_gate)
        {
            // The oldest of the last perWindow lines: a new line fits when it left the window (0: that slot is unused).
            var oldest = _written[_next];
            if (oldest == 0 || now - oldest >= _windowTicks)
            {
                _written[_next] = now;
                _next = (_next + 1) % _written.Length;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
