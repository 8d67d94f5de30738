using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>
/// Several captures alive at the same time, each fed by its own flow, overlapping for sure (a barrier holds every
/// flow until all have started their capture, and again until all have produced their telemetry). Each capture must
/// hold exactly its own flow's spans, measurements, logs and funnel events. If the async-local scoping were removed
/// (every capture taking everything), each would see all the flows' telemetry and these tests fail.
/// </summary>
public sealed class IsolationTests
{
    private const int Flows = 4;

    [Fact]
    public async Task Concurrent_captures_on_separate_threads_see_only_their_own_telemetry()
    {
        using var started = new Barrier(Flows);
        using var produced = new Barrier(Flows);
        var results = await Task.WhenAll(Enumerable.Range(0, Flows).Select(i => Task.Factory.StartNew(
            () => RunFlow(i, () => started.SignalAndWait(), () => produced.SignalAndWait()),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));

        AssertOwnTelemetry(results);
    }

    [Fact]
    public async Task Concurrent_async_captures_hopping_threads_see_only_their_own_telemetry()
    {
        var started = new AsyncBarrier(Flows);
        var produced = new AsyncBarrier(Flows);
        var results = await Task.WhenAll(Enumerable.Range(0, Flows).Select(i => Task.Run(
            () => RunFlowAsync(i, started, produced))));

        AssertOwnTelemetry(results);
    }

    [Fact]
    public void Nested_capture_takes_the_telemetry_of_its_scope_and_the_outer_one_resumes_after_it()
    {
        using var outer = TelemetryCapture.Start();
        Gateway.Insert("outer-before", "p", "d");
        using (var inner = TelemetryCapture.Start())
        {
            Gateway.Insert("inner", "p", "d");
            Assert.Equal("inner", Assert.Single(inner.Spans).Tag("org_id"));
        }

        Gateway.Insert("outer-after", "p", "d");
        Assert.Equal(new object?[] { "outer-before", "outer-after" }, outer.Spans.Select(s => s.Tag("org_id")).ToArray());
    }

    [Fact]
    public async Task Telemetry_outside_any_capture_is_not_captured_by_a_capture_of_another_flow()
    {
        using var capture = TelemetryCapture.Start();

        // A flow that does not inherit the test's execution context: its telemetry belongs to no capture.
        Task elsewhere;
        using (ExecutionContext.SuppressFlow())
        {
            elsewhere = Task.Run(() => Gateway.Insert("elsewhere", "p", "d"));
        }

        await elsewhere;

        Gateway.Insert("mine", "p", "d");
        Assert.Equal("mine", Assert.Single(capture.Spans).Tag("org_id"));
        Assert.Equal(1, capture.Histogram("sensor_insert_latency_ms").Count());
    }

    private static async Task<FlowResult> RunFlow(int i, Action afterStart, Action afterProduce)
    {
        using var capture = TelemetryCapture.Start();
        afterStart();
        await Produce(i, capture);
        afterProduce();
        return Snapshot(i, capture);
    }

    private static async Task<FlowResult> RunFlowAsync(int i, AsyncBarrier started, AsyncBarrier produced)
    {
        using var capture = TelemetryCapture.Start();
        await started.SignalAndWaitAsync();
        await Produce(i, capture);
        await produced.SignalAndWaitAsync();
        return Snapshot(i, capture);
    }

    private static async Task Produce(int i, TelemetryCapture capture)
    {
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
        var org = "org-" + i;
        await gateway.ReceiveAsync(new TenantContext(org, "p-" + i, "d-" + i), new double[i + 1], Sensor.Humidity, yieldFirst: true);
        gateway.Register(org, "dev-" + i);
    }

    private static FlowResult Snapshot(int i, TelemetryCapture capture) => new(
        i,
        capture.Spans.Select(s => (string?)s.Tag("org_id")).ToList(),
        capture.Counter("gateway_messages_total").Measurements.Select(m => (string?)m.Tags["org"]).ToList(),
        capture.Counter("gateway_messages_total").Sum(),
        capture.Logs.Where(l => l.Message.StartsWith("Stored", StringComparison.Ordinal)).Select(l => l.Message).ToList(),
        capture.FunnelEvents.Select(e => e.OrgId).ToList());

    private static void AssertOwnTelemetry(IEnumerable<FlowResult> results)
    {
        foreach (var result in results)
        {
            var org = "org-" + result.Flow;
            Assert.Equal(new[] { org, org }, result.SpanOrgs); // db.sensor.insert, then ws.ingest.receive
            Assert.Equal(new[] { org }, result.MessageOrgs);
            Assert.Equal(result.Flow + 1, result.MessageSum);
            Assert.Equal(new[] { $"Stored {result.Flow + 1} readings" }, result.StoredLogs);
            Assert.Equal(new[] { org }, result.FunnelOrgs);
        }
    }

    private sealed record FlowResult(int Flow, List<string?> SpanOrgs, List<string?> MessageOrgs, double MessageSum, List<string> StoredLogs, List<string?> FunnelOrgs);

    /// <summary>A barrier that awaits instead of blocking, so each flow resumes on whatever pool thread is free.</summary>
    private sealed class AsyncBarrier
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;

        public AsyncBarrier(int participants) => _remaining = participants;

        public Task SignalAndWaitAsync()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _all.SetResult();
            }

            return _all.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }
}
