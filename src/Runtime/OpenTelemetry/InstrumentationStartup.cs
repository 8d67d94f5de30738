using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Redaction;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Started with the host by <see cref="InstrumentationHostingExtensions.WithGeneratedInstrumentation"/>: turns on
/// the operation logs and correlation frames with the host's logger factory and states the sampling ratio when
/// not every trace is kept (a console app's user would otherwise wonder where 90 % of the spans went). When the app
/// registered Microsoft's redaction (<c>AddRedaction</c>, an <see cref="IRedactorProvider"/>), the generated code
/// redacts with it from host start (<see cref="Redactors.Use"/>) unless the app installed a provider itself; at host
/// stop the SDK's redactors apply again. From host start until the host's services are disposed (after the
/// providers' last flush), failures of OpenTelemetry's OTLP exporter are written to the log (<see cref="OtlpExportWatch"/>).
/// </summary>
internal sealed class InstrumentationStartup : IHostedService, System.IDisposable
{
    /// <summary>The logger category of the startup line.</summary>
    public const string Category = "Instrumentation.OpenTelemetry";

    private readonly ILoggerFactory _loggerFactory;
    private readonly Settings _settings;
    private readonly IRedactorProvider? _redactorProvider;
    private readonly IHostApplicationLifetime? _lifetime;
    private CancellationTokenRegistration _startedCheck;
    private bool _installedRedactorProvider;
    private OtlpExportWatch? _exportWatch;

    public InstrumentationStartup(ILoggerFactory loggerFactory, Settings settings, System.IServiceProvider services)
    {
        _loggerFactory = loggerFactory;
        _settings = settings;
        _redactorProvider = (IRedactorProvider?)services.GetService(typeof(IRedactorProvider));
        _lifetime = (IHostApplicationLifetime?)services.GetService(typeof(IHostApplicationLifetime));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redactorProvider is not null)
        {
            _installedRedactorProvider = Redactors.UseUnlessSet(_redactorProvider);
        }

        InstrumentationLogging.UseForHost(_loggerFactory);
        _exportWatch ??= new OtlpExportWatch(_loggerFactory.CreateLogger(Category), System.TimeProvider.System);
        if (_settings.SamplingRatio < 1 && !_settings.SamplingRatioIsDefault)
        {
            // A ratio the app set (in code or bound from appsettings.json) is not "the default": saying so sent a
            // helper's team looking for an environment problem.
            _loggerFactory.CreateLogger(Category).LogInformation(
                "Instrumentation samples {Percent} % of new traces (the SamplingRatio the app set); failed operations and those slower than {SlowSeconds} s are always kept.",
                (_settings.SamplingRatio * 100).ToString("0.##", CultureInfo.InvariantCulture),
                _settings.SlowThreshold.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }
        else if (_settings.SamplingRatio < 1)
        {
            _loggerFactory.CreateLogger(Category).LogInformation(
                "Instrumentation samples {Percent} % of new traces (the default outside the Development environment); failed operations and those slower than {SlowSeconds} s are always kept. Set SamplingRatio in WithGeneratedInstrumentation(o => o.SamplingRatio = 1.0) to keep all.",
                (_settings.SamplingRatio * 100).ToString("0.##", CultureInfo.InvariantCulture),
                _settings.SlowThreshold.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (_settings.OtlpLeftToSignalExporters)
        {
            _loggerFactory.CreateLogger(Category).LogWarning(
                "OTEL_EXPORTER_OTLP_ENDPOINT is set and the app adds OTLP exporters per signal (AddOtlpExporter), which OpenTelemetry does not allow next to the SDK's UseOtlpExporter: the SDK adds no exporter. Generated spans, metrics and logs are exported only for the signals you added AddOtlpExporter to; add it to the others, or use UseOtlpExporter() instead of yours.");
        }

        if (_lifetime is not null)
        {
            // Once every hosted service has started (AddFunnelEvents' writer among them).
            _startedCheck = _lifetime.ApplicationStarted.Register(WarnAboutUnstoredFunnelEvents);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Funnel events are stored only while a writer runs (<c>AddFunnelEvents</c>, package Instrumentation.Sdk.Funnel);
    /// without one the generated code drops them, by design at no cost. A newcomer who left out that line saw no row and
    /// no word: the host now says it once when the app's catalog declares funnel events and none has a writer.
    /// </summary>
    private void WarnAboutUnstoredFunnelEvents()
    {
        try
        {
            if (Funnel.FunnelEvents.IsEnabled)
            {
                return;
            }

            var events = Observability.TelemetryCatalog.Current.FunnelEvents;
            if (events.Count == 0)
            {
                return;
            }

            var names = string.Join(", ", events.Select(e => e.Name).Distinct(System.StringComparer.Ordinal).Take(5));
            _loggerFactory.CreateLogger(Category).LogWarning(
                "The app declares funnel events ({Events}) but no funnel writer runs, so none is stored: add builder.Services.AddFunnelEvents(o => o.UseSqlite(\"funnel.db\")) (package Instrumentation.Sdk.Funnel; or o.UsePostgres(…)) before builder.Build().",
                names);
        }
        catch (System.Exception)
        {
            // A hint only: a catalog that cannot be read must not disturb the start.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_installedRedactorProvider && _redactorProvider is not null)
        {
            Redactors.Release(_redactorProvider);
            _installedRedactorProvider = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops watching the OTLP exporter once the providers created after this service have flushed, and turns the
    /// operation logs over to the newest host still running, or off, if this host's logger factory (disposed after this
    /// service) is still the one in use.
    /// </summary>
    public void Dispose()
    {
        _startedCheck.Dispose();
        InstrumentationLogging.ReleaseHost(_loggerFactory);
        _exportWatch?.Dispose();
        _exportWatch = null;
    }

    /// <summary>What the startup line reports.</summary>
    internal sealed record Settings(double SamplingRatio, System.TimeSpan SlowThreshold, bool OtlpLeftToSignalExporters = false, bool SamplingRatioIsDefault = true);
}
