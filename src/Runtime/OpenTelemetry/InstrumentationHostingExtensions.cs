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
    /// Call it once per host; a second call with the same options adds nothing (it registered every metric twice), one
    /// with other options throws <see cref="InvalidOperationException"/> naming both. Add your own instrumentation or exporters with further
    /// <c>.WithTracing(t => ...)</c> / <c>.WithMetrics(m => ...)</c> calls. When the app configures an OTLP exporter
    /// itself before this call (<c>UseOtlpExporter</c>, Aspire's service defaults, or per-signal <c>AddOtlpExporter</c>
    /// calls, which get a warning at start naming the signals left unexported), the SDK adds none and the app's export
    /// the generated telemetry; an app's <c>UseOtlpExporter</c> after this call, while
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, is reported with both fixes when the provider is built
    /// (<see cref="InstrumentationOptions.ExportOtlp"/>).
    /// </remarks>
    public static IOpenTelemetryBuilder WithGeneratedInstrumentation(this IOpenTelemetryBuilder builder, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InstrumentationOptions();
        if (HostEnvironmentName(builder.Services) is { } environmentName)
        {
            // The host's environment, not only the variables: `--environment Development`, appsettings and
            // WebApplicationFactory (Development by default) set it without them.
            options.SamplingRatio = InstrumentationOptions.DefaultSamplingRatio(environmentName);
        }

        var defaultRatio = options.SamplingRatio;
        configure?.Invoke(options);
        options.Validate();
        if (Registered(builder.Services) is { } first)
        {
            // A second call registered the same reader, processor and sampler again: every metric counted twice, with
            // no warning (an operator's trial). The same options: nothing to add. Others: one set would be ignored.
            if (!first.Options.SameSettings(options))
            {
                throw new InvalidOperationException(
                    "WithGeneratedInstrumentation() was called twice on this host, with different options (first "
                    + first.Options.Describe() + "; now " + options.Describe() + "). It registers the SDK's metrics reader, "
                    + "sampler and log processor once per host; call it once, with the options you want (a shared "
                    + "AddServiceDefaults that calls it already is the usual second call).");
            }

            return builder;
        }

        builder.Services.AddSingleton(new Registration(options));

        builder.WithTracing(tracing => tracing.AddGeneratedInstrumentation(options));
        builder.WithMetrics(metrics =>
        {
            metrics.AddGeneratedInstrumentation(options);
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

        var appExport = OtlpRegistration.AppExport(builder.Services);
        var appExportsOtlp = appExport != OtlpRegistration.AppOtlp.None;
        if (options.ExportOtlp == true && appExportsOtlp)
        {
            throw new InvalidOperationException(
                "WithGeneratedInstrumentation(o => o.ExportOtlp = true) was asked to export OTLP, but the app already configures an OTLP exporter "
                + "(UseOtlpExporter or AddOtlpExporter, for example in Aspire's AddServiceDefaults), and OpenTelemetry allows only one of them. "
                + "Leave ExportOtlp unset (the app's exporter then exports the generated telemetry too) or remove the app's exporter.");
        }

        if (options.ExportOtlp ?? (OtlpRegistration.EndpointConfigured(builder.Services) && !appExportsOtlp))
        {
            // A UseOtlpExporter of the app's after this one would fail when the provider is built with OpenTelemetry's
            // "Multiple calls to UseOtlpExporter": the check registered first explains whose calls they are.
            var services = builder.Services;
            builder.Services.ConfigureOpenTelemetryLoggerProvider((_, _) => OtlpRegistration.EnsureOneUseOtlpExporter(services));
            builder.Services.ConfigureOpenTelemetryMeterProvider((_, _) => OtlpRegistration.EnsureOneUseOtlpExporter(services));
            builder.Services.ConfigureOpenTelemetryTracerProvider((_, _) => OtlpRegistration.EnsureOneUseOtlpExporter(services));

            // After the processor above, so exported records carry correlation fields and redacted text.
            builder.UseOtlpExporter();
        }

        var leftToSignalExporters = options.ExportOtlp is null && appExport == OtlpRegistration.AppOtlp.PerSignal && OtlpRegistration.EndpointConfigured(builder.Services);
        builder.Services.AddSingleton(new InstrumentationStartup.Settings(options.SamplingRatio, options.SlowThreshold, leftToSignalExporters, options.SamplingRatio.Equals(defaultRatio)));
        builder.Services.AddHostedService<InstrumentationStartup>();
        return builder;
    }

    /// <summary>The registration an earlier call of <see cref="WithGeneratedInstrumentation"/> left in these services, or null.</summary>
    private static Registration? Registered(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(Registration) && descriptor.ImplementationInstance is Registration registration)
            {
                return registration;
            }
        }

        return null;
    }

    /// <summary>Marks services that <see cref="WithGeneratedInstrumentation"/> registered into, with the options it used.</summary>
    private sealed class Registration(InstrumentationOptions options)
    {
        public InstrumentationOptions Options { get; } = options;
    }

    /// <summary>The environment name of the host whose services these are, when the host registered it already.</summary>
    private static string? HostEnvironmentName(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostEnvironment) && descriptor.ImplementationInstance is Microsoft.Extensions.Hosting.IHostEnvironment environment)
            {
                return environment.EnvironmentName;
            }
        }

        return null;
    }
}
