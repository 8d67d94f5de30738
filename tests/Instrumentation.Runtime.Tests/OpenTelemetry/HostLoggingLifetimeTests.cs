using System;
using System.Threading.Tasks;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Instrumentation.Runtime.Tests.Logging;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// A host registered with <c>WithGeneratedInstrumentation</c> connects the operation logs and correlation frames at
/// start; once its services are disposed (its logger factory with them) they are off again, unless another host
/// connected its own since; the newest host still running gets them back. Before, a disposed host's factory stayed connected for the rest of the process: every
/// operation took its live path and pushed a correlation frame for loggers nobody could read (a full test run saw an
/// allocation test measure 144 B per call after a web host test).
/// </summary>
public sealed class HostLoggingLifetimeTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-host", "proj-host", "dev-host");

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        OperationSettings.ParentBasedSampling = false;
    }

    [Fact]
    public async Task A_disposed_host_leaves_operation_logging_and_correlation_off_and_operations_allocate_nothing()
    {
        var logs = new CapturingLoggerProvider();
        using (var host = NewHost(logs))
        {
            await host.StartAsync();
            Assert.True(OperationLog.IsConfigured);
            Assert.True(CorrelationContext.IsEnabled);
            await host.StopAsync();
        }

        Assert.False(OperationLog.IsConfigured, "the disposed host's logger factory is still connected");
        Assert.False(CorrelationContext.IsEnabled, "correlation frames are still pushed for a disposed host");
        var service = new IngestService();
        var readings = new[] { 1.0 };
        Assert.Equal(0, Allocations.InFewestRound(() => service.Receive(Tenant, readings, SensorKind.Temperature)));
    }

    [Fact]
    public async Task Disposing_an_earlier_host_leaves_the_logging_of_a_host_started_after_it()
    {
        var firstLogs = new CapturingLoggerProvider();
        var secondLogs = new CapturingLoggerProvider();
        var first = NewHost(firstLogs);
        await first.StartAsync();
        using var second = NewHost(secondLogs);
        await second.StartAsync();

        await first.StopAsync();
        first.Dispose();

        Assert.True(OperationLog.IsConfigured);
        Assert.True(CorrelationContext.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Temperature));
        Assert.Contains(secondLogs.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.DoesNotContain(firstLogs.Logs, l => l.EventId.Name == "OperationFailed");
        await second.StopAsync();
    }

    [Fact]
    public async Task Disposing_the_later_host_gives_the_operation_logs_back_to_the_earlier_one_still_running()
    {
        var firstLogs = new CapturingLoggerProvider();
        var secondLogs = new CapturingLoggerProvider();
        using var first = NewHost(firstLogs);
        await first.StartAsync();
        using (var second = NewHost(secondLogs))
        {
            await second.StartAsync();
            await second.StopAsync();
        }

        Assert.True(CorrelationContext.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Temperature));
        Assert.Contains(firstLogs.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.DoesNotContain(secondLogs.Logs, l => l.EventId.Name == "OperationFailed");
        await first.StopAsync();
    }

    [Fact]
    public async Task A_factory_the_app_connected_itself_is_left_alone_by_a_host_it_did_not_come_from()
    {
        var appLogs = new CapturingLoggerProvider();
        using var appFactory = LoggerFactory.Create(b => b.AddProvider(appLogs));
        using (var host = NewHost(new CapturingLoggerProvider()))
        {
            await host.StartAsync();
            InstrumentationLogging.Use(appFactory);
            await host.StopAsync();
        }

        Assert.True(OperationLog.IsConfigured);
        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Temperature));
        Assert.Contains(appLogs.Logs, l => l.EventId.Name == "OperationFailed");
    }

    private static IHost NewHost(CapturingLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => { o.SamplingRatio = 1; o.ExportOtlp = false; o.PrometheusReader = false; });
        return builder.Build();
    }
}
