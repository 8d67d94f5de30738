using System;

namespace Instrumentation.OpenTelemetry;

/// <summary>Options of the one-call registration (<see cref="InstrumentationProviderBuilderExtensions"/>).</summary>
public sealed class InstrumentationOptions
{
    /// <summary>
    /// Ratio of ordinary root traces that are sampled. Default: 1 (100%) when the environment
    /// (<c>DOTNET_ENVIRONMENT</c> / <c>ASPNETCORE_ENVIRONMENT</c>) is <c>Development</c>, 0.1 otherwise.
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
    /// </summary>
    public bool ParentBasedSampling { get; set; } = true;

    /// <summary>
    /// Hosted registration only (<see cref="InstrumentationHostingExtensions.WithGeneratedInstrumentation"/>):
    /// export traces, metrics and logs over OTLP. Default null: export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set. The exporter reads the standard <c>OTEL_EXPORTER_OTLP_*</c> variables (endpoint, protocol, headers).
    /// </summary>
    public bool? ExportOtlp { get; set; }

    /// <summary>
    /// Hosted registration only: add the pull reader that <c>MapPrometheusMetrics()</c> serves. Default true.
    /// </summary>
    public bool PrometheusReader { get; set; } = true;

    /// <summary>
    /// Also trace ASP.NET Core's request activity (source <c>Microsoft.AspNetCore</c>), so
    /// that requests are recorded spans and generated spans are their children. Default true. Without it, the
    /// request activity ASP.NET Core creates for its logs is never recorded and, under the parent-based sampler,
    /// every span of the request would be dropped.
    /// </summary>
    public bool TraceAspNetCoreRequests { get; set; } = true;

    /// <summary>The default ratio for the current environment.</summary>
    public static double DefaultSamplingRatio()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
        return string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.1;
    }

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
    }
}
