using Instrumentation.Funnel;

namespace Instrumentation.Observability;

/// <summary>
/// The SDK's own metrics, on the funnel meter (<see cref="FunnelMetrics.MeterName"/>, added by
/// <c>AddGeneratedInstrumentation()</c>): the buffer's drops and gauge here, and the writer's counts and
/// time-since histogram in the <c>Instrumentation.Funnel</c> package. Listed so that rules and dashboards
/// can name them; a test compares this list with the instruments the meter really publishes.
/// </summary>
internal static class SdkMetrics
{
    /// <summary>The writer's histogram of time-since properties (label <c>event</c>: the event name).</summary>
    public const string TimeToEvent = "funnel_time_to_event_seconds";

    public static readonly MetricDescriptor[] All =
    {
        Counter(FunnelMetrics.DroppedName, "{event}", "Funnel events dropped because the buffer was full (overflow policy)"),
        Counter("funnel_emit_failures_total", "{event}", "Funnel events not emitted because reading a property threw after the method succeeded", MetricLabel.Unknown("event")),
        new(FunnelMetrics.MeterName, "funnel_events_buffered", MetricInstrumentKind.Gauge, "{event}", "Funnel events waiting in the buffer to be written"),
        Counter("funnel_events_written_total", "{event}", "Funnel events inserted into the store"),
        Counter("funnel_write_failures_total", "{attempt}", "Failed funnel store writes (each retried with backoff)"),
        Counter("funnel_events_dead_lettered_total", "{event}", "Funnel events the store rejects as invalid, set aside in the dead-letter file"),
        Counter("funnel_events_spilled_total", "{event}", "Funnel events saved to the spill file at shutdown because the store did not take them in time"),
        Counter("funnel_events_lost_total", "{event}", "Funnel events lost because neither the store nor the spill or dead-letter file could take them"),
        new(
            FunnelMetrics.MeterName,
            TimeToEvent,
            MetricInstrumentKind.Histogram,
            "s",
            "Time from an event's SinceEvent (or SinceTimestamp) to the event, for each inserted event with a time-since property",
            MetricLabel.Unknown("event")),
    };

    private static MetricDescriptor Counter(string name, string unit, string description, params MetricLabel[] labels) =>
        new(FunnelMetrics.MeterName, name, MetricInstrumentKind.Counter, unit, description, labels);
}
