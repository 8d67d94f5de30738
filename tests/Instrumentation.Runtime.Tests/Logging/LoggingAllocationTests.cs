using System;
using Instrumentation.Correlation;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// With logging connected but every level off, instrumented operations and generated log calls allocate nothing:
/// no correlation frame is pushed until some log line can be written.
/// </summary>
public sealed class LoggingAllocationTests : IDisposable
{
    private const int Calls = 1_000;
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");
    private static readonly double[] Readings = { 1, 2, 3 };
    private readonly CapturingLoggerProvider _provider = new();

    public void Dispose() => InstrumentationLogging.Reset();

    [Fact]
    public void Operations_with_logging_configured_but_disabled_allocate_zero_bytes()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.None).AddProvider(_provider));
        InstrumentationLogging.Use(factory);
        var logger = factory.CreateLogger("Tests.Disabled");
        var service = new IngestService();
        var work = new AccountOperations();
        var allocated = Allocations.InFewestRound(
            () =>
            {
                Run(service, work, logger);
                return 0;
            },
            calls: Calls,
            rounds: 3,
            warmup: 1);
        Assert.Equal(0, allocated);
        Assert.False(CorrelationContext.IsEnabled);
        Assert.Empty(_provider.Logs);
    }

    [Fact]
    public void Frames_start_with_the_first_written_line()
    {
        using var disabled = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.None).AddProvider(_provider));
        using var enabled = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_provider));
        InstrumentationLogging.Use(disabled);
        Assert.False(CorrelationContext.IsEnabled);

        AppLog.ReadingsReceived(enabled.CreateLogger("Tests.Enabled"), "dev-1", 1, 1);
        Assert.True(CorrelationContext.IsEnabled);

        new AccountOperations().Inspect(Tenant, "msg-1", enabled.CreateLogger("Tests.Enabled"));
        var inside = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-9", StringComparison.Ordinal));
        Assert.Equal("msg-1", inside.Field("message_id"));

        InstrumentationLogging.Use(disabled);
        Assert.False(CorrelationContext.IsEnabled);
    }

    private static void Run(IngestService service, AccountOperations work, ILogger logger)
    {
        service.Receive(Tenant, Readings, SensorKind.Temperature);
        IngestService.Insert("org", "proj", "dev");
        work.Inspect(Tenant, "msg-1", logger);
    }
}
