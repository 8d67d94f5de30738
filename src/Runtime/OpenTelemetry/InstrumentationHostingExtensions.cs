using System;
using global::OpenTelemetry;
using global::OpenTelemetry.Logs;
using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;
using Instrumentation.Logging;
using Instrumentation.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// The hosted registration (OpenTelemetry.Extensions.Hosting):
/// <c>builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation()</c>.
/// </summary>
public static class InstrumentationHostingExtensions
{
    /// <summary>
    /// Wires the generated instrumentation into the host's OpenTelemetry providers: traces (every generated
    /// source, ASP.NET Core's request source, the sampler), metrics (every generated meter, the funnel meter, zero
    /// series, the reader <c>MapPrometheusMetrics()</c> serves), logs (the OpenTelemetry logger provider with the
    /// correlation/redaction processor), OTLP export of all three when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// and at host start the operation logs (<see cref="InstrumentationLogging.Use"/>), Microsoft's redactors when the app
    /// registered them with <c>AddRedaction(...)</c> (the app's <c>IRedactorProvider</c> is handed to
    /// <see cref="Redaction.Redactors.Use"/> unless the app installed one itself) and one log line stating the
    /// sampling ratio when it is below 100 %.
    /// </summary>
    /// <param name="builder">The builder <c>services.AddOpenTelemetry()</c> returned.</param>
    /// <param name="configure">Sampling and export options.</param>
    /// <returns>The same builder, for more <c>WithTracing</c>/<c>WithMetrics</c> calls.</returns>
    /// <remarks>
    /// Call it once per host. Add your own instrumentation or exporters with further
    /// <c>.WithTracing(t => ...)</c> / <c>.WithMetrics(m => ...)</c> calls; do not add a second OTLP exporter
    /// when this one is on (<see cref="InstrumentationOptions.ExportOtlp"/>).
    /// </remarks>
    public static IOpenTelemetryBuilder WithGeneratedInstrumentation(this IOpenTelemetryBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InstrumentationOptions();
        configure?.Invoke(options);
        options.Validate();

        builder.WithTracing(tracing => tracing.AddGeneratedInstrumentation(options));
        builder.WithMetrics(metrics =>
        {
            metrics.AddGeneratedInstrumentation();
            if (options.PrometheusReader)
            {
                metrics.AddReader(services => services.GetRequiredService<PrometheusScrapeReader>());
            }
        });
        builder.WithLogging(logging => logging.AddProcessor(new InstrumentationLogProcessor()));
        if (options.PrometheusReader)
        {
            builder.Services.TryAddSingleton<PrometheusScrapeReader>();
        }

        if (options.ExportOtlp ?? IsOtlpConfigured())
        {
            // After the processor above, so exported records carry correlation fields and redacted text.
            builder.UseOtlpExporter();
        }

        builder.Services.AddSingleton(new InstrumentationStartup.Settings(options.SamplingRatio, options.SlowThreshold));
        builder.Services.AddHostedService<InstrumentationStartup>();
        return builder;
    }

    private static bool IsOtlpConfigured() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
}
