using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Started with the host by <see cref="InstrumentationHostingExtensions.WithGeneratedInstrumentation"/>: turns on
/// the operation logs and correlation frames with the host's logger factory and states the sampling ratio when
/// not every trace is kept (a console app's user would otherwise wonder where 90 % of the spans went).
/// </summary>
internal sealed class InstrumentationStartup : IHostedService
{
    /// <summary>The logger category of the startup line.</summary>
    public const string Category = "Instrumentation.OpenTelemetry";

    private readonly ILoggerFactory _loggerFactory;
    private readonly Settings _settings;

    public InstrumentationStartup(ILoggerFactory loggerFactory, Settings settings)
    {
        _loggerFactory = loggerFactory;
        _settings = settings;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        InstrumentationLogging.Use(_loggerFactory);
        if (_settings.SamplingRatio < 1)
        {
            _loggerFactory.CreateLogger(Category).LogInformation(
                "Instrumentation samples {Percent} % of new traces (the default outside the Development environment); failed operations and those slower than {SlowSeconds} s are always kept. Set SamplingRatio in WithGeneratedInstrumentation(o => o.SamplingRatio = 1.0) to keep all.",
                (_settings.SamplingRatio * 100).ToString("0.##", CultureInfo.InvariantCulture),
                _settings.SlowThreshold.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What the startup line reports.</summary>
    internal sealed record Settings(double SamplingRatio, System.TimeSpan SlowThreshold);
}
