using System.Diagnostics.Metrics;

namespace Instrumentation.Funnel;

/// <summary>The writer's counters, on the funnel meter (<see cref="FunnelMetrics.MeterName"/>).</summary>
internal static class FunnelWriterMetrics
{
    private static readonly Meter Meter = new(FunnelMetrics.MeterName);

    public static readonly Counter<long> Written = Meter.CreateCounter<long>("funnel_events_written_total", "{event}", "Funnel events inserted into the store");

    public static readonly Counter<long> WriteFailures = Meter.CreateCounter<long>("funnel_write_failures_total", "{attempt}", "Failed funnel store writes (each retried with backoff)");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("funnel_events_dead_lettered_total", "{event}", "Funnel events the store rejects as invalid, set aside in the dead-letter file");

    public static readonly Counter<long> Spilled = Meter.CreateCounter<long>("funnel_events_spilled_total", "{event}", "Funnel events saved to the spill file at shutdown because the store was unavailable");

    public static readonly Counter<long> Lost = Meter.CreateCounter<long>("funnel_events_lost_total", "{event}", "Funnel events lost because neither the store nor the spill or dead-letter file could take them");
}
