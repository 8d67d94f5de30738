using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Instrumentation.Funnel;

/// <summary>
/// The funnel's own metrics, on the meter <see cref="MeterName"/> (registered by
/// <c>AddGeneratedInstrumentation()</c> on a meter provider): drops on overflow, events that could not
/// be built, and the number of events waiting in the buffer. The writer adds the written, failed,
/// dead-lettered, spilled and lost counts on the same meter.
/// </summary>
public static class FunnelMetrics
{
    /// <summary>The meter name of every funnel metric.</summary>
    public const string MeterName = "Instrumentation.Funnel";

    /// <summary>The drop counter's name.</summary>
    public const string DroppedName = "funnel_events_dropped_total";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Dropped = Meter.CreateCounter<long>(DroppedName, "{event}", "Funnel events dropped because the buffer was full (overflow policy)");

    internal static readonly Counter<long> EmitFailures = Meter.CreateCounter<long>("funnel_emit_failures_total", "{event}", "Funnel events not emitted because reading a property threw after the method succeeded");

    internal static readonly ObservableGauge<int> Buffered = Meter.CreateObservableGauge<int>(
        "funnel_events_buffered",
        static () => new Measurement<int>(FunnelEvents.Buffer?.Count ?? 0),
        "{event}",
        "Funnel events waiting in the buffer to be written");

    /// <summary>
    /// Creates the instruments when a funnel buffer is installed (the buffer gauge is then exported, the drop counter at 0
    /// from the next collection on); an app without a funnel writer creates none.
    /// </summary>
    internal static void EnsureCreated() => _ = (Dropped, Buffered);

    internal static void CountEmitFailure(string eventType) =>
        EmitFailures.Add(1, new KeyValuePair<string, object?>("event", eventType));
}
