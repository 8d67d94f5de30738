using System;
using System.Collections.Generic;
using System.Linq;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.OpenTelemetry;

/// <summary>Options of the one-call registration (<see cref="InstrumentationProviderBuilderExtensions"/>).</summary>
public sealed class InstrumentationOptions
{
    /// <summary>
    /// Ratio of ordinary root traces that are sampled. Default: 1 (100%) when the environment is <c>Development</c>
    /// (the host's, in the hosted registration; else <c>DOTNET_ENVIRONMENT</c> / <c>ASPNETCORE_ENVIRONMENT</c>), 0.1
    /// otherwise. The sampler is the trace provider's, so the ratio applies to every new trace it records, the app's
    /// own spans (ASP.NET Core requests, HttpClient) included.
    /// Errors and slow operations are kept regardless.
    /// </summary>
    public double SamplingRatio { get; set; } = DefaultSamplingRatio();

    /// <summary>Operations slower than this are always kept as spans. Default 2 s.</summary>
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When true, root operations of unsampled traces create no propagation-only Activity (0 B);
    /// nested and downstream spans then decide sampling on their own. Default false.
    /// </summary>
    public bool SkipUnsampledRoots { get; set; }

    /// <summary>
    /// Sets <see cref="Operations.OperationSettings.ParentBasedSampling"/> when the registration runs: a generated
    /// operation nested in a span nobody records is not offered to the sampler at all (0 B, no sampling pass),
    /// because the parent-based sampler this registration installs would drop it anyway. Default true. Set false
    /// when another <see cref="System.Diagnostics.ActivityListener"/> in the process (not this OpenTelemetry SDK)
    /// records children of spans it did not record; such listeners would otherwise not see those children.
    /// <see cref="CompleteErrorTraces"/> turns it off (it must record those children).
    /// </summary>
    public bool ParentBasedSampling { get; set; } = true;

    /// <summary>
    /// Opt-in (default false): complete error traces. When an operation fails or is slower than
    /// <see cref="SlowThreshold"/> inside a trace that was not sampled, export the whole trace as recorded in this
    /// process — its local root, its ancestors and the siblings that ended before, and the spans of it that end
    /// after, until the local root ends — instead of the failing span alone. Spans of unsampled traces are then
    /// recorded (an <c>Activity</c> each, held in a bounded in-process buffer until their trace's local root ends)
    /// but exported only when their trace is kept. Register exporters after this call (the hosted OTLP exporter is).
    /// Bounds: <see cref="CompleteErrorTracesMaxTraces"/>, <see cref="CompleteErrorTracesMaxSpansPerTrace"/>,
    /// <see cref="CompleteErrorTracesMaxAge"/>; what they refuse is counted in
    /// <c>instrumentation_tail_sampling_dropped_total{reason}</c>. Cannot be combined with
    /// <see cref="SkipUnsampledRoots"/>, and turns <c>OperationSettings.ParentBasedSampling</c> off (children of
    /// unsampled spans must be recorded). See docs/alerts-and-sampling.md.
    /// </summary>
    public bool CompleteErrorTraces { get; set; }

    /// <summary>Complete error traces: at most this many unsampled traces are held at once (default 512); a new one beyond is not held (counted, reason <c>max_traces</c>).</summary>
    public int CompleteErrorTracesMaxTraces { get; set; } = 512;

    /// <summary>Complete error traces: at most this many ended spans are held per trace (default 128); more are not held (counted, reason <c>max_spans</c>).</summary>
    public int CompleteErrorTracesMaxSpansPerTrace { get; set; } = 128;

    /// <summary>Complete error traces: a trace held longer than this (its local root did not end) is evicted (default 60 s; counted, reason <c>max_age</c>).</summary>
    public TimeSpan CompleteErrorTracesMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock the complete-error-traces buffer ages traces by (tests move it by hand).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// Hosted registration only (<see cref="InstrumentationHostingExtensions.WithGeneratedInstrumentation"/>):
    /// export traces, metrics and logs over OTLP. Default null: export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set and the app has not configured an OTLP exporter itself (then the app's exports the generated telemetry
    /// too); true with such an exporter of the app's is an error (OpenTelemetry allows one). The exporter reads the
    /// standard <c>OTEL_EXPORTER_OTLP_*</c> variables (endpoint, protocol, headers).
    /// </summary>
    public bool? ExportOtlp { get; set; }

    /// <summary>
    /// Hosted registration only: add the pull reader that <c>MapPrometheusMetrics()</c> serves. Default true.
    /// </summary>
    public bool PrometheusReader { get; set; } = true;

    /// <summary>
    /// Size each generated instrument's OpenTelemetry metric stream to the series its labels can make (an OpenTelemetry
    /// view setting <c>CardinalityLimit</c>). Default true. The OpenTelemetry SDK allocates 2,000 series per instrument up
    /// front by default, about 180 KB, and an operation has three or four instruments: 100 operations held 54 MB of heap
    /// before any call. Labels whose values cannot be known (tenant ids, strings without declared values) keep the
    /// default. To configure a generated instrument's stream yourself (a histogram's buckets), use
    /// <see cref="MetricStreams"/>: OpenTelemetry makes one stream per view that matches an instrument, so an <c>AddView</c>
    /// of your own beside this sizing exports the instrument twice; false turns the sizing off for every instrument.
    /// </summary>
    public bool SizeMetricStreams { get; set; } = true;

    /// <summary>
    /// Your own OpenTelemetry stream configuration of generated instruments, by instrument name — other histogram buckets:
    /// <c>o.MetricStreams["orders_place_duration_ms"] = new ExplicitBucketHistogramConfiguration { Boundaries = … }</c>.
    /// Each is applied in the one stream the SDK makes for that instrument of a generated meter, sized as
    /// <see cref="SizeMetricStreams"/> says unless you set <c>CardinalityLimit</c> yourself (the SDK sets it on the
    /// object you give). An <c>AddView</c> of your own for a generated instrument makes a second stream beside the sized
    /// one instead.
    /// </summary>
    public IDictionary<string, MetricStreamConfiguration> MetricStreams { get; } = new Dictionary<string, MetricStreamConfiguration>(StringComparer.Ordinal);

    /// <summary>
    /// Also trace ASP.NET Core's request activity (source <c>Microsoft.AspNetCore</c>), so
    /// that requests are recorded spans and generated spans are their children. Default true. Without it, the
    /// request activity ASP.NET Core creates for its logs is never recorded and, under the parent-based sampler,
    /// every span of the request would be dropped.
    /// </summary>
    public bool TraceAspNetCoreRequests { get; set; } = true;

    /// <summary>The default ratio for the current environment.</summary>
    public static double DefaultSamplingRatio() =>
        DefaultSamplingRatio(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"));

    /// <summary>The default ratio for an environment: 1 in <c>Development</c>, 0.1 otherwise.</summary>
    /// <param name="environmentName">The host's environment name (<c>IHostEnvironment.EnvironmentName</c>), or null.</param>
    public static double DefaultSamplingRatio(string? environmentName) =>
        string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.1;

    /// <summary>Whether <paramref name="other"/> asks for the same registration (every setting equal).</summary>
    internal bool SameSettings(InstrumentationOptions other) => Describe() == other.Describe() && ReferenceEquals(Clock, other.Clock);

    /// <summary>The settings, as an error message names them.</summary>
    internal string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"SamplingRatio = {SamplingRatio}, SlowThreshold = {SlowThreshold}, SkipUnsampledRoots = {SkipUnsampledRoots}, ParentBasedSampling = {ParentBasedSampling}, "
        + $"CompleteErrorTraces = {CompleteErrorTraces} ({CompleteErrorTracesMaxTraces}, {CompleteErrorTracesMaxSpansPerTrace}, {CompleteErrorTracesMaxAge}), "
        + $"ExportOtlp = {(ExportOtlp is { } export ? export.ToString() : "null")}, PrometheusReader = {PrometheusReader}, TraceAspNetCoreRequests = {TraceAspNetCoreRequests}, SizeMetricStreams = {SizeMetricStreams}, "
        + $"MetricStreams = [{string.Join(", ", MetricStreams.Keys.Order(StringComparer.Ordinal))}]");

    internal void Validate()
    {
        if (double.IsNaN(SamplingRatio) || SamplingRatio < 0 || SamplingRatio > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingRatio), SamplingRatio, "SamplingRatio must be between 0 and 1.");
        }

        if (SlowThreshold <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowThreshold), SlowThreshold, "SlowThreshold must be positive.");
        }

        if (CompleteErrorTraces)
        {
            ValidateCompleteErrorTraces();
        }
    }

    private void ValidateCompleteErrorTraces()
    {
        if (SkipUnsampledRoots)
        {
            throw new ArgumentException("CompleteErrorTraces records the spans of unsampled traces and SkipUnsampledRoots skips their roots: choose one.", nameof(SkipUnsampledRoots));
        }

        if (CompleteErrorTracesMaxTraces < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CompleteErrorTracesMaxTraces), CompleteErrorTracesMaxTraces, "CompleteErrorTracesMaxTraces must be at least 1.");
        }

        if (CompleteErrorTracesMaxSpansPerTrace < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CompleteErrorTracesMaxSpansPerTrace), CompleteErrorTracesMaxSpansPerTrace, "CompleteErrorTracesMaxSpansPerTrace must be at least 1.");
        }

        if (CompleteErrorTracesMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CompleteErrorTracesMaxAge), CompleteErrorTracesMaxAge, "CompleteErrorTracesMaxAge must be positive.");
        }
    }
}
