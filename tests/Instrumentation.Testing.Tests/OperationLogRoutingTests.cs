using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>
/// The operation logs (failure, start, completion) and funnel events are process-wide hooks, while captures are per
/// test. A web host under test (<c>WebApplicationFactory</c>: <c>WithGeneratedInstrumentation()</c> calls
/// <see cref="InstrumentationLogging.Use"/> when the host starts), a test that configures operation logs itself, and
/// captures that turned a signal off must not take it away from the other captures alive in parallel, nor be
/// overridden by them.
/// </summary>
[Collection(nameof(UnrecordedParentTests))] // changes InstrumentationLogging, like UnrecordedParentTests changes sampling
public sealed class OperationLogRoutingTests
{
    private static readonly TenantContext Tenant = new("org-l", "proj-l", "dev-l");

    [Fact]
    public async Task A_failure_log_reaches_the_capture_after_a_host_configured_its_own_logger_factory()
    {
        var app = new ListLoggerProvider();
        using var appFactory = LoggerFactory.Create(b => b.AddProvider(app));
        using var capture = TelemetryCapture.Start();
        InstrumentationLogging.Use(appFactory); // what a WebApplicationFactory host does when it starts
        try
        {
            var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
            await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ReceiveAsync(Tenant, Array.Empty<double>(), Sensor.Humidity));
        }
        finally
        {
            InstrumentationLogging.Reset();
        }

        var failure = Assert.Single(capture.Logs, l => l.Level == LogLevel.Error);
        Assert.Equal("ws.ingest.receive", failure.Field("operation"));
        Assert.Equal("org-l", failure.Field("org_id"));
        Assert.Single(app.Lines, l => l.Contains("ws.ingest.receive failed", StringComparison.Ordinal)); // the app still gets it
    }

    [Fact]
    public async Task A_test_that_configures_operation_logs_itself_keeps_them_when_another_capture_ends()
    {
        var mine = new ListLoggerProvider();
        using var myFactory = LoggerFactory.Create(b => b.AddProvider(mine));
        InstrumentationLogging.Use(myFactory);
        try
        {
            using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
            await Task.Run(() => TelemetryCapture.Start().Dispose()); // a parallel test's capture starts and ends

            var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
            await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ReceiveAsync(Tenant, Array.Empty<double>(), Sensor.Humidity));

            Assert.Single(mine.Lines, l => l.Contains("ws.ingest.receive failed", StringComparison.Ordinal));
        }
        finally
        {
            InstrumentationLogging.Reset();
        }
    }

    [Fact]
    public async Task A_capture_with_operation_logs_off_gets_none_while_another_capture_routes_them()
    {
        using var other = await Task.Run(() => TelemetryCapture.Start()); // a parallel test's capture, in its own flow
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ReceiveAsync(Tenant, Array.Empty<double>(), Sensor.Humidity));

        Assert.DoesNotContain(capture.Logs, l => l.Category == Instrumentation.Logging.OperationLog.Category);
        Assert.Empty(other.Logs);
    }

    [Fact]
    public async Task A_capture_with_funnel_events_off_gets_none_while_another_capture_routes_them()
    {
        using var other = await Task.Run(() => TelemetryCapture.Start());
        using var capture = TelemetryCapture.Start(o => o.CaptureFunnelEvents = false);

        new Gateway(capture.LoggerFactory.CreateLogger<Gateway>()).Register("org-l", "dev-l");

        Assert.Empty(capture.FunnelEvents);
        Assert.Empty(other.FunnelEvents);
    }

    [Fact]
    public async Task Operation_logs_are_captured_once_when_the_test_hands_the_kit_factory_to_InstrumentationLogging()
    {
        using var capture = TelemetryCapture.Start();
        InstrumentationLogging.Use(capture.LoggerFactory);
        try
        {
            var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
            await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ReceiveAsync(Tenant, Array.Empty<double>(), Sensor.Humidity));
        }
        finally
        {
            InstrumentationLogging.Reset();
        }

        Assert.Single(capture.Logs, l => l.Level == LogLevel.Error);
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _lines = new();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToList();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider._lines)
                {
                    provider._lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
