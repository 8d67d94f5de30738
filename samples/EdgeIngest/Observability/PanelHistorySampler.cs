using System;
using System.Threading;
using Instrumentation.Observability;
using Instrumentation.Prometheus;

namespace EdgeIngest.Observability;

/// <summary>
/// Feeds the in-process <see cref="MetricHistory"/>: every interval, the same exposition <c>/metrics</c> serves
/// (the <see cref="PrometheusScrapeReader"/>) is added as a snapshot. The first one is taken at start, so a
/// counter's first samples are there when a rate needs them. A failed scrape is skipped, never thrown.
/// </summary>
public sealed class PanelHistorySampler : IDisposable
{
    /// <summary>How long snapshots are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private readonly PrometheusScrapeReader _reader;
    private readonly Timer _timer;
    private int _busy;

    public PanelHistorySampler(ObservabilityPlan plan, PrometheusScrapeReader reader, TimeSpan interval)
    {
        _reader = reader;
        Interval = interval;
        History = MetricHistory.For(plan, Retention);
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);
    }

    public MetricHistory History { get; }

    public TimeSpan Interval { get; }

    /// <summary>Takes a snapshot now (also used by tests to close a window at a known moment).</summary>
    public void Sample()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            return;
        }

        try
        {
            History.Add(DateTimeOffset.UtcNow, _reader.Scrape());
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A collection that times out, a reader being shut down, anything else: this snapshot is skipped (a timer
            // callback must never throw, it would end the process).
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
