using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Instrumentation.OpenTelemetry.CompleteTraces;

/// <summary>
/// The metrics of <see cref="InstrumentationOptions.CompleteErrorTraces"/>, on the meter <see cref="MeterName"/>
/// (registered by <c>AddGeneratedInstrumentation()</c> on a meter provider).
/// </summary>
internal static class TailSamplingMetrics
{
    public const string MeterName = "Instrumentation.TailSampling";

    public const string DroppedName = "instrumentation_tail_sampling_dropped_total";

    public const string KeptName = "instrumentation_tail_sampling_traces_kept_total";

    /// <summary>A new unsampled trace was not buffered: <see cref="InstrumentationOptions.CompleteErrorTracesMaxTraces"/> traces were buffered already.</summary>
    public const string MaxTraces = "max_traces";

    /// <summary>An ended span was not buffered: its trace held <see cref="InstrumentationOptions.CompleteErrorTracesMaxSpansPerTrace"/> spans already.</summary>
    public const string MaxSpans = "max_spans";

    /// <summary>A buffered trace was evicted: it was older than <see cref="InstrumentationOptions.CompleteErrorTracesMaxAge"/>.</summary>
    public const string MaxAge = "max_age";

    /// <summary>Buffered spans could not be exported: the tracer provider is not the OpenTelemetry SDK's (no processor pipeline to hand them to).</summary>
    public const string NoPipeline = "no_pipeline";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        DroppedName,
        "{drop}",
        "Complete error traces: traces not buffered (max_traces) or evicted (max_age), spans not buffered (max_spans) or not exportable (no_pipeline)");

    private static readonly Counter<long> Kept = Meter.CreateCounter<long>(
        KeptName,
        "{trace}",
        "Complete error traces: unsampled traces exported whole because an operation in them failed or was slow");

    public static void CountDrop(string reason, long count = 1)
    {
        if (Dropped.Enabled)
        {
            Dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static void CountKept() => Kept.Add(1);
}
