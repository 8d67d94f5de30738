using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.TestServers;
using Instrumentation.TestServers.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// OpenTelemetry's OTLP exporter reports failures only on its event source: a newcomer with a wrong endpoint lost every
/// span without a word. <see cref="OtlpExportWatch"/> writes them to the app's log — real exporter, real sockets.
/// </summary>
public sealed class OtlpExportWatchTests
{
    private static readonly ActivitySource Source = new("Tests.OtlpExportWatch");

    [Fact]
    public async Task A_refused_connection_is_one_warning_naming_the_endpoint_then_a_count_every_five_minutes()
    {
        var endpoint = "http://127.0.0.1:" + FreePort.Next() + "/v1/traces"; // nothing listens there
        var clock = new ManualClock();
        var log = new LineLogger(endpoint);
        using var watch = new OtlpExportWatch(log, clock);
        using var tracing = ExportingTo(endpoint);

        ExportOneSpan(tracing);
        var first = await log.NextAsync();
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains(endpoint, first.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", first.Message, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", first.Message, StringComparison.Ordinal); // the exception's first line, not its stack

        // Two more failures within five minutes write nothing; the next one after them counts the repeats (three here;
        // the count is not asserted exactly: the event source is the process's, and another test's exporter that
        // happened to get the same free port would add its failures to this endpoint's).
        ExportOneSpan(tracing);
        ExportOneSpan(tracing);
        clock.Advance(OtlpExportWatch.RepeatEvery);
        ExportOneSpan(tracing);
        var repeat = await log.NextAsync();
        Assert.Equal(LogLevel.Warning, repeat.Level);
        Assert.Matches(@"still failing, [1-9][0-9]* more time\(s\) since 2026-12-04 12:00:00Z", repeat.Message);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task A_collector_answering_an_error_status_is_reported_and_its_recovery_too()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        var endpoint = receiver.Endpoint + "/v1/traces";
        var log = new LineLogger(endpoint);
        using var watch = new OtlpExportWatch(log, new ManualClock());
        using var tracing = ExportingTo(endpoint);

        ExportOneSpan(tracing); // a healthy export writes nothing
        receiver.FailWith = 503;
        ExportOneSpan(tracing);
        var failed = await log.NextAsync();
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Contains("503", failed.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, failed.Message, StringComparison.Ordinal);

        receiver.FailWith = null;
        ExportOneSpan(tracing);
        var recovered = await log.NextAsync();
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Contains("export to " + endpoint + " succeeded again", recovered.Message, StringComparison.Ordinal);
        Assert.Matches(@"after [1-9][0-9]* failed export\(s\)", recovered.Message);
        Assert.Empty(log.Lines);
        Assert.Equal(2, receiver.Spans.Count);
    }

    [Fact]
    public async Task Lines_still_queued_when_the_watch_is_disposed_are_written_then()
    {
        var endpoint = "http://127.0.0.1:" + FreePort.Next() + "/v1/traces";
        var log = new LineLogger(endpoint);
        var watch = new OtlpExportWatch(log, new ManualClock());
        using (var tracing = ExportingTo(endpoint, batched: true))
        {
            using (Source.StartActivity("last"))
            {
            }

            // Disposing the provider flushes: the failure is raised while it is disposed, as at a host's end.
        }

        watch.Dispose();
        Assert.Contains(log.Lines, line => line.Message.Contains(endpoint, StringComparison.Ordinal));
        await Task.CompletedTask;
    }

    /// <summary>
    /// A provider exporting to <paramref name="endpoint"/>. By default each span is exported when it ends, on the
    /// caller's thread: the batch processor's <c>ForceFlush</c> returns once the batch is taken from its queue, which
    /// under load can be before the HTTP request is answered — the next step of a test (a collector told to fail) then
    /// raced that request (the recovery test once saw one span received of two).
    /// </summary>
    private static TracerProvider ExportingTo(string endpoint, bool batched = false) => Sdk.CreateTracerProviderBuilder()
        .AddSource(Source.Name)
        .AddOtlpExporter(o =>
        {
            o.Endpoint = new Uri(endpoint);
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.ExportProcessorType = batched ? ExportProcessorType.Batch : ExportProcessorType.Simple;
        })
        .Build()!;

    private static void ExportOneSpan(TracerProvider tracing)
    {
        using (Source.StartActivity("span"))
        {
        }

        tracing.ForceFlush();
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>
    /// Keeps each line about <paramref name="endpoint"/> with its level (the event source is the process's: other
    /// tests' exporters fail too); <see cref="NextAsync"/> waits for the next one.
    /// </summary>
    private sealed class LineLogger(string endpoint) : ILogger
    {
        private readonly SemaphoreSlim _written = new(0);

        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.Contains(endpoint, StringComparison.Ordinal))
            {
                Lines.Enqueue((logLevel, message));
                _written.Release();
            }
        }

        public async Task<(LogLevel Level, string Message)> NextAsync()
        {
            Assert.True(await _written.WaitAsync(TimeSpan.FromSeconds(30)), "no line was written");
            Assert.True(Lines.TryDequeue(out var line));
            return line;
        }
    }
}
