using System;
using System.Collections.Generic;
using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// The registration: one call per provider adds every generated <c>ActivitySource</c> / <c>Meter</c>
/// (all named <c>Instrumentation.Generated.&lt;assembly&gt;</c>) and the SDK's sampling policy.
/// </summary>
public static class InstrumentationProviderBuilderExtensions
{
    /// <summary>Prefix of every generated source and meter name.</summary>
    public const string GeneratedNamePrefix = "Instrumentation.Generated.";

    /// <summary>
    /// The metric streams a meter provider keeps (OpenTelemetry's default is 1,000, about 330 operations): every
    /// instrument past it is dropped by OpenTelemetry, silently.
    /// </summary>
    public const int MaxMetricStreams = 10_000;

    /// <summary>The ActivitySource of ASP.NET Core's request activity.</summary>
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    /// <summary>
    /// Adds every generated ActivitySource and ASP.NET Core's request source (<see cref="AspNetCoreSourceName"/>,
    /// see <see cref="InstrumentationOptions.TraceAspNetCoreRequests"/>) and sets the sampler: parent-based, the
    /// configured ratio for roots, errors and slow operations always kept.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The overloads with more parameters extend another type (MeterProviderBuilder): no call can bind to both.")]
    public static TracerProviderBuilder AddGeneratedInstrumentation(this TracerProviderBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InstrumentationOptions();
        configure?.Invoke(options);
        return builder.AddGeneratedInstrumentation(options);
    }

    internal static TracerProviderBuilder AddGeneratedInstrumentation(this TracerProviderBuilder builder, InstrumentationOptions options)
    {
        options.Validate();

        // Complete error traces: children of unsampled spans must be started (and recorded) for the buffer to hold them.
        // The settings hold while the provider lives and go back when it is disposed (RegisteredSamplingSettings).
        builder.AddInstrumentation(RegisteredSamplingSettings.Apply(options, options.ParentBasedSampling && !options.CompleteErrorTraces));
        builder.AddSource(GeneratedNamePrefix + "*");

        // First, ahead of every exporter added after this call and of the complete-traces buffer: other libraries' URL
        // attributes (ASP.NET Core's url.path, HttpClient's url.full) are scrubbed when their spans end.
        builder.AddProcessor(new UrlScrubbingProcessor());
        if (options.TraceAspNetCoreRequests)
        {
            builder.AddSource(AspNetCoreSourceName);
        }

        var sampler = new InstrumentationSampler(options.SamplingRatio);
        if (!options.CompleteErrorTraces)
        {
            return builder.SetSampler(sampler);
        }

        return builder
            .AddProcessor(new CompleteTraces.CompleteTraceProcessor(options.CompleteErrorTracesMaxTraces, options.CompleteErrorTracesMaxSpansPerTrace, options.CompleteErrorTracesMaxAge, options.Clock))
            .SetSampler(new CompleteTraces.CompleteTraceSampler(sampler));
    }

    /// <summary>
    /// Adds every generated Meter, the funnel's own meter (<see cref="Funnel.FunnelMetrics.MeterName"/>:
    /// dropped, written, failed, dead-lettered, spilled and buffered funnel events, time to "first" events), the
    /// complete-error-traces meter (<c>Instrumentation.TailSampling</c>: <c>instrumentation_tail_sampling_dropped_total{reason}</c>,
    /// <c>instrumentation_tail_sampling_traces_kept_total</c>, see <see cref="InstrumentationOptions.CompleteErrorTraces"/>),
    /// and publishes the zero series of the metric catalog into this provider.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Zero series: counters and up-down counters whose labels are all enumerable (no labels; enums, bools,
    /// bounded strings; failure reasons declared with <c>FailureReasons</c>) are exported with 0 for every
    /// label combination (at most <see cref="Observability.MetricCatalog.MaxZeroSeriesPerInstrument"/> per
    /// instrument) from the provider's first collection on, before any call, so that Prometheus
    /// <c>increase()</c>/<c>rate()</c> alerts see the first failure. See
    /// <see cref="Observability.MetricDescriptor.ZeroSeries"/>.
    /// </para>
    /// <para>
    /// Each generated instrument's stream is sized to the series its labels can make (see
    /// <see cref="InstrumentationOptions.SizeMetricStreams"/>): the OpenTelemetry SDK allocates 2,000 series per
    /// instrument up front by default, about 180 KB each.
    /// </para>
    /// </remarks>
    /// <param name="builder">The meter provider builder.</param>
    public static MeterProviderBuilder AddGeneratedInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGeneratedInstrumentation(new InstrumentationOptions());
    }

    /// <summary>
    /// Adds every generated Meter, the SDK's own meters and the zero series of the metric catalog, as
    /// <see cref="AddGeneratedInstrumentation(MeterProviderBuilder)"/> does, with options.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <param name="configure">Sets the options; of them <see cref="InstrumentationOptions.SizeMetricStreams"/> and <see cref="InstrumentationOptions.MetricStreams"/> apply to metrics.</param>
    public static MeterProviderBuilder AddGeneratedInstrumentation(this MeterProviderBuilder builder, Action<InstrumentationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new InstrumentationOptions();
        configure(options);
        return builder.AddGeneratedInstrumentation(options);
    }

    internal static MeterProviderBuilder AddGeneratedInstrumentation(this MeterProviderBuilder builder, InstrumentationOptions options)
    {
        var zeroSeriesMeter = Observability.ZeroSeriesPublisher.NextMeterName();
        builder
            .AddMeter(GeneratedNamePrefix + "*", Funnel.FunnelMetrics.MeterName, CompleteTraces.TailSamplingMetrics.MeterName, zeroSeriesMeter)
            .AddInstrumentation(() => new Observability.ZeroSeriesPublisher(zeroSeriesMeter));
        // OpenTelemetry keeps at most 1,000 streams per provider and drops later instruments without a word: a library of 333
        // operations (three instruments each) beside the SDK's own meters reached it (a newcomer's trial). Sized streams cost a
        // few KB each, so the limit is raised for everyone's instruments; an app's own SetMaxMetricStreams after this wins.
        builder.SetMaxMetricStreams(MaxMetricStreams);
        if (!options.SizeMetricStreams && options.MetricStreams.Count == 0)
        {
            return builder;
        }

        var sizes = new MetricStreamSizes(options.SizeMetricStreams, new Dictionary<string, MetricStreamConfiguration>(options.MetricStreams, StringComparer.Ordinal));
        return builder.AddView(sizes.For);
    }
}
