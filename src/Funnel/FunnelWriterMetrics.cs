using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Instrumentation.Funnel;

/// <summary>The writer's counters, on the funnel meter (<see cref="FunnelMetrics.MeterName"/>).</summary>
internal static class FunnelWriterMetrics
{
    private static readonly Meter Meter = new(FunnelMetrics.MeterName);

    public static readonly Counter<long> Written = Meter.CreateCounter<long>("funnel_events_written_total", "{event}", "Funnel events inserted into the store");

    public static readonly Counter<long> WriteFailures = Meter.CreateCounter<long>("funnel_write_failures_total", "{attempt}", "Failed funnel store writes (each retried with backoff)");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("funnel_events_dead_lettered_total", "{event}", "Funnel events the store rejects as invalid, set aside in the dead-letter file");

    public static readonly Counter<long> Spilled = Meter.CreateCounter<long>("funnel_events_spilled_total", "{event}", "Funnel events saved to the spill file at shutdown because the store did not take them in time");

    public static readonly Counter<long> Lost = Meter.CreateCounter<long>("funnel_events_lost_total", "{event}", "Funnel events lost because neither the store nor the spill or dead-letter file could take them");

    /// <summary>
    /// Time-since properties (for example FirstDeviceData's <c>time_since_registration_s</c>) of inserted
    /// events, by <c>event</c> name: what a dashboard shows as "time to first device data". Buckets from
    /// one second to a month, since these are product-funnel durations, not request latencies.
    /// </summary>
    public static readonly Histogram<double> TimeToEvent = Meter.CreateHistogram(
        "funnel_time_to_event_seconds",
        "s",
        "Time from an event's SinceEvent (or SinceTimestamp) to the event, for each inserted event with a time-since property",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = new double[] { 1, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 172800, 604800, 2592000 },
        });

    /// <summary>Creates the instruments, so a running writer's counters get zero series before their first count.</summary>
    public static void EnsureCreated() => _ = (Written, WriteFailures, DeadLettered, Spilled, Lost);

    /// <summary>Records an inserted event's time-since property (no-op when the event has none, or nobody listens).</summary>
    public static void RecordTimeToEvent(string eventType, double? seconds)
    {
        if (seconds is { } value && TimeToEvent.Enabled)
        {
            TimeToEvent.Record(value, new KeyValuePair<string, object?>("event", eventType));
        }
    }
}
