using System;
using global::OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Whether the hosted registration adds OTLP export next to what the app configured itself: OpenTelemetry allows one
/// <c>UseOtlpExporter</c> per service collection and none next to a signal's <c>AddOtlpExporter</c>, and throws when
/// the providers are built otherwise.
/// </summary>
internal static class OtlpRegistration
{
    /// <summary>
    /// How the app exports OTLP itself, as far as its services show at this call: <c>UseOtlpExporter</c> (all signals,
    /// its registration marker) or a signal's <c>AddOtlpExporter</c> (only OpenTelemetry's options factory for
    /// <see cref="OtlpExporterOptions"/>). Either makes OpenTelemetry throw when the SDK's <c>UseOtlpExporter</c> is added
    /// too ("Multiple calls to UseOtlpExporter", found in an app whose Aspire service defaults call it); the SDK then
    /// adds none — the app's cross-cutting exporter exports the generated telemetry too, and with per-signal exporters a
    /// startup warning says which signals are not exported.
    /// </summary>
    public static AppOtlp AppExport(IServiceCollection services)
    {
        var result = AppOtlp.None;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType.FullName == "OpenTelemetry.Exporter.UseOtlpExporterRegistration")
            {
                return AppOtlp.AllSignals;
            }

            if (descriptor.ServiceType == typeof(IOptionsFactory<OtlpExporterOptions>))
            {
                result = AppOtlp.PerSignal;
            }
        }

        return result;
    }

    /// <summary>
    /// Registered before the SDK's <c>UseOtlpExporter</c>, run when each provider is built: an app's own call after it
    /// gets a message naming both fixes instead of OpenTelemetry's "Multiple calls to UseOtlpExporter".
    /// </summary>
    public static void EnsureOneUseOtlpExporter(IServiceCollection services)
    {
        var registrations = 0;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType.FullName == "OpenTelemetry.Exporter.UseOtlpExporterRegistration")
            {
                registrations++;
            }
        }

        if (registrations > 1)
        {
            throw new InvalidOperationException(
                "WithGeneratedInstrumentation() exports OTLP because OTEL_EXPORTER_OTLP_ENDPOINT is set, and the app calls UseOtlpExporter() after it: "
                + "OpenTelemetry allows one. Call the app's UseOtlpExporter() before WithGeneratedInstrumentation() (the SDK then leaves export to it), "
                + "or pass WithGeneratedInstrumentation(o => o.ExportOtlp = false).");
        }
    }

    /// <summary>The setting that names the OTLP endpoint, as the environment variable and as a configuration key.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// True when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names an endpoint: the hosted registration then exports OTLP. Read where
    /// OpenTelemetry's exporter reads it: the host's configuration when the host registered it already
    /// (<c>Host.CreateApplicationBuilder</c>, <c>WebApplication.CreateBuilder</c>: environment variables, appsettings.json,
    /// the command line), and the environment variable. Reading only the variable lost every span, metric and log
    /// without a word for a worker that set the endpoint in appsettings.json or on its command line (a newcomer's trial).
    /// </summary>
    /// <param name="services">The host's services.</param>
    public static bool EndpointConfigured(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            // The application builders register the configuration through a factory, and their HostBuilderContext (which
            // holds it) as an instance.
            var configuration = descriptor.ImplementationInstance switch
            {
                IConfiguration instance when descriptor.ServiceType == typeof(IConfiguration) => instance,
                Microsoft.Extensions.Hosting.HostBuilderContext context => context.Configuration,
                _ => null,
            };
            if (configuration is not null && !string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
            {
                return true;
            }
        }

        return !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointSetting));
    }

    /// <summary>How the app exports OTLP itself.</summary>
    public enum AppOtlp
    {
        /// <summary>Not at all (as far as its services show).</summary>
        None,

        /// <summary>A signal's <c>AddOtlpExporter</c>.</summary>
        PerSignal,

        /// <summary><c>UseOtlpExporter</c>: every signal.</summary>
        AllSignals,
    }
}
