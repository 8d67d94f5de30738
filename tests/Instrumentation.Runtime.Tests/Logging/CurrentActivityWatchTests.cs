using System.Diagnostics;
using System.Threading.Tasks;
using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A log line skips reading <see cref="Activity.Current"/> only while no activity has ever been current since the
/// watch started; any activity anywhere — started on another flow, made current by hand, or current on the flow
/// that starts the watch — ends that. Not run in parallel with other tests: they start activities, which would end
/// a fresh watch before it could be seen idle.
/// </summary>
[Collection(nameof(CurrentActivityWatchTests))]
public sealed class CurrentActivityWatchTests
{
    [Fact]
    public async Task An_activity_started_on_another_flow_ends_the_watch()
    {
        Assert.Null(Activity.Current);
        var watch = new CurrentActivityWatch();
        Assert.False(watch.AnySeen);

        await Task.Run(() =>
        {
            using var elsewhere = new Activity("elsewhere").Start();
        });

        Assert.True(watch.AnySeen);
    }

    [Fact]
    public void An_activity_current_where_the_watch_starts_is_seen_at_once()
    {
        var before = new Activity("before").Start();
        try
        {
            Assert.True(new CurrentActivityWatch().AnySeen);
        }
        finally
        {
            before.Stop();
        }
    }

    [Fact]
    public async Task An_activity_made_current_by_hand_ends_the_watch()
    {
        var made = new Activity("made").Start();
        Activity.Current = null;
        var watch = new CurrentActivityWatch();
        Assert.False(watch.AnySeen);

        await Task.Run(() => Activity.Current = made);

        Assert.True(watch.AnySeen);
        made.Stop();
    }

    [Fact]
    public void A_log_line_in_a_span_carries_its_ids_once_the_process_watch_has_started()
    {
        CurrentActivityWatch.Start();
        using var span = new Activity("span").SetIdFormat(ActivityIdFormat.W3C).Start();

        var captured = LogCorrelation.Capture(null);

        Assert.Equal(2, captured.Count);
        Assert.Equal(span.TraceId.ToHexString(), captured[0].Value);
    }
}

/// <summary>Runs <see cref="CurrentActivityWatchTests"/> alone.</summary>
[CollectionDefinition(nameof(CurrentActivityWatchTests), DisableParallelization = true)]
public sealed class CurrentActivityWatchCollection
{
}
