using System;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A logging provider that throws (a broken custom sink; Microsoft's logger then throws an AggregateException from
/// <c>Log</c>) must not reach the app through the SDK's automatic operation logs: without the SDK no such line is written,
/// so the call's own result or exception is what its caller gets (a hostile stranger's trial left this untested).
/// </summary>
public sealed class ThrowingLoggerTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-t", "proj-t");
    private readonly ILoggerFactory _factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new ThrowingProvider()));

    public ThrowingLoggerTests() => InstrumentationLogging.Use(_factory);

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void A_failed_call_rethrows_its_own_exception_when_the_failure_log_throws()
    {
        var original = new InvalidTimeZoneException("the app's own");

        var thrown = Assert.Throws<InvalidTimeZoneException>(() => new HostileExceptionSamples().Fail(Tenant, original));

        Assert.Same(original, thrown);
    }

    [Fact]
    public void A_call_with_start_and_completion_logs_runs_and_returns_its_value_when_those_logs_throw()
    {
        Assert.Equal(42, new AuditedJobs().Run(42));
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("the logging sink is broken");
    }
}
