using System;
using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;
using Instrumentation.Operations;

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
    /// Adds every generated ActivitySource and sets the sampler: parent-based, the configured ratio for
    /// roots, errors and slow operations always kept.
    /// </summary>
    public static TracerProviderBuilder AddGeneratedInstrumentation(this TracerProviderBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InstrumentationOptions();
        configure?.Invoke(options);
        options.Validate();

        OperationSettings.SlowThreshold = options.SlowThreshold;
        OperationSettings.SkipUnsampledRoots = options.SkipUnsampledRoots;
        OperationSettings.RootSamplingRatio = options.SamplingRatio;
        return builder
            .AddSource(GeneratedNamePrefix + "*")
            .SetSampler(new InstrumentationSampler(options.SamplingRatio));
    }

    /// <summary>Adds every generated Meter.</summary>
    public static MeterProviderBuilder AddGeneratedInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(GeneratedNamePrefix + "*");
    }
}
