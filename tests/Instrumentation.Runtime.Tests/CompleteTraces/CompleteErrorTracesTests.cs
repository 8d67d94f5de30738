using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.CompleteTraces;

/// <summary>
/// Issue 16 §5, <see cref="InstrumentationOptions.CompleteErrorTraces"/> with the real OpenTelemetry SDK and its
/// in-memory exporter, sampling 0 %: a failed or slow operation in an unsampled trace brings its whole local trace
/// (root, ancestors, siblings before and after) to the exporter with intact parent links; a trace where nothing
/// failed exports nothing; the buffer's bounds refuse and count instead of growing.
/// </summary>
public sealed class CompleteErrorTracesTests : IDisposable
{
    private readonly List<Activity> _exported = new();
    private readonly ConcurrentDictionary<string, long> _drops = new();
    private readonly MeterListener _meters = new();
    private readonly CheckoutRequest _request = new();

    public CompleteErrorTracesTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "instrumentation_tail_sampling_dropped_total")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _drops.AddOrUpdate((string)tag.Value!, value, (_, total) => total + value);
                }
            }
        });
        _meters.Start();
    }

    public void Dispose()
    {
        _meters.Dispose();
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.ParentBasedSampling = false;
        OperationSettings.SlowThreshold = TimeSpan.FromSeconds(2);
    }

    [Fact]
    public void A_failing_leaf_in_an_unsampled_trace_exports_its_whole_local_trace_with_parent_links()
    {
        using (Provider())
        {
            _request.Handle(siblings: 2, fail: true, slow: false);
        }

        // request → step, step, middle (→ step, leaf ✗), step: seven spans, each exported once.
        Assert.Equal(
            new[] { "tail.leaf", "tail.middle", "tail.request", "tail.step", "tail.step", "tail.step", "tail.step" },
            _exported.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        Assert.Equal(7, _exported.Select(a => a.SpanId).Distinct().Count());
        var root = Assert.Single(_exported, a => a.OperationName == "tail.request");
        var middle = Assert.Single(_exported, a => a.OperationName == "tail.middle");
        var leaf = Assert.Single(_exported, a => a.OperationName == "tail.leaf");
        Assert.Equal(default, root.ParentSpanId);
        Assert.All(_exported, a => Assert.Equal(root.TraceId, a.TraceId));
        Assert.All(_exported, a => Assert.True(a.Recorded, a.OperationName + " is exported as sampled"));
        Assert.Equal(root.SpanId, middle.ParentSpanId);
        Assert.Equal(middle.SpanId, leaf.ParentSpanId);
        Assert.Equal(3, _exported.Count(a => a.OperationName == "tail.step" && a.ParentSpanId == root.SpanId));
        Assert.Equal(1, _exported.Count(a => a.OperationName == "tail.step" && a.ParentSpanId == middle.SpanId));
        Assert.Equal(ActivityStatusCode.Error, leaf.Status);
        Assert.Equal("error", leaf.GetTagItem(OperationTracing.KeptBecauseTag));
        Assert.Equal(ActivityStatusCode.Unset, middle.Status);
        Assert.Empty(_drops);
    }

    [Fact]
    public void An_unsampled_trace_where_nothing_fails_exports_nothing_and_is_not_held_after_its_root_ends()
    {
        using (Provider(o => o.CompleteErrorTracesMaxTraces = 1))
        {
            _request.Handle(siblings: 2, fail: false, slow: false);
            Assert.Empty(_exported);

            // The first trace's buffer was released when its root ended: the only slot is free for the next one.
            _request.Handle(siblings: 1, fail: true, slow: false);
        }

        Assert.Equal(6, _exported.Count);
        Assert.Single(_exported.Select(a => a.TraceId).Distinct());
        Assert.Empty(_drops);
    }

    [Fact]
    public void A_slow_leaf_exports_its_whole_trace()
    {
        using (Provider(o => o.SlowThreshold = TimeSpan.FromMilliseconds(30)))
        {
            _request.Handle(siblings: 1, fail: false, slow: true);
        }

        Assert.Equal(
            new[] { "tail.leaf", "tail.middle", "tail.request", "tail.step", "tail.step", "tail.step" },
            _exported.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        Assert.Equal("slow", Assert.Single(_exported, a => a.OperationName == "tail.leaf").GetTagItem(OperationTracing.KeptBecauseTag));
        Assert.Single(_exported.Select(a => a.TraceId).Distinct());
    }

    [Fact]
    public void A_full_trace_buffer_holds_no_more_spans_and_counts_each_one_it_refused()
    {
        using (Provider(o => o.CompleteErrorTracesMaxSpansPerTrace = 2))
        {
            _request.Handle(siblings: 5, fail: true, slow: false);
        }

        // Held before the failure: the first 2 of the 5 steps; the 3 others and the middle's step were refused.
        // The failing leaf, and what ended after it (middle, last step, root), are exported as they end.
        Assert.Equal(
            new[] { "tail.leaf", "tail.middle", "tail.request", "tail.step", "tail.step", "tail.step" },
            _exported.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        Assert.Equal(4, _drops.GetValueOrDefault("max_spans"));
    }

    [Fact]
    public void Beyond_the_maximum_of_traces_a_new_trace_is_not_held_and_its_failure_is_kept_alone()
    {
        using (Provider(o => o.CompleteErrorTracesMaxTraces = 1))
        {
            // tail.outer's trace holds the only slot while a second trace runs and fails.
            _request.Outer(() => CheckoutRequest.InNewTrace(() => _request.Handle(siblings: 1, fail: true, slow: false)));
        }

        var leaf = Assert.Single(_exported);
        Assert.Equal("tail.leaf", leaf.OperationName);
        Assert.Equal(1, _drops.GetValueOrDefault("max_traces"));
    }

    [Fact]
    public void A_trace_held_longer_than_the_maximum_age_is_evicted_to_make_room_and_counted()
    {
        var clock = new ManualClock();
        using (Provider(o => { o.CompleteErrorTracesMaxTraces = 1; o.CompleteErrorTracesMaxAge = TimeSpan.FromSeconds(60); o.Clock = clock; }))
        {
            _request.Outer(() =>
            {
                clock.Advance(TimeSpan.FromSeconds(61));
                CheckoutRequest.InNewTrace(() => _request.Handle(siblings: 1, fail: true, slow: false));
            });
        }

        // The outer trace (61 s old on the buffer's clock, the limit 60 s) was evicted; the new trace was held and exported whole, the outer not.
        Assert.Equal(6, _exported.Count);
        Assert.DoesNotContain(_exported, a => a.OperationName == "tail.outer");
        Assert.Equal(1, _drops.GetValueOrDefault("max_age"));
        Assert.Equal(0, _drops.GetValueOrDefault("max_traces"));
    }

    [Fact]
    public void Concurrent_requests_on_the_thread_pool_export_exactly_the_failing_traces_whole()
    {
        using (Provider())
        {
            System.Threading.Tasks.Parallel.For(0, 40, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
                CheckoutRequest.InNewTrace(() => _request.Handle(siblings: 1 + (i % 3), fail: i % 4 == 0, slow: false)));
        }

        // Requests 0, 4, ..., 36 failed: 10 traces, each whole (root, middle, leaf, its steps), nothing of the 30 others.
        var traces = _exported.GroupBy(a => a.TraceId).ToList();
        Assert.Equal(10, traces.Count);
        Assert.All(traces, trace =>
        {
            var root = Assert.Single(trace, a => a.OperationName == "tail.request");
            Assert.Single(trace, a => a.OperationName == "tail.leaf" && a.Status == ActivityStatusCode.Error);
            var steps = trace.Count(a => a.OperationName == "tail.step" && a.ParentSpanId == root.SpanId);
            Assert.InRange(steps, 2, 4);
            Assert.Equal(steps + 4, trace.Count());
        });
        Assert.Empty(_drops);
    }

    [Fact]
    public void When_the_option_is_off_a_failure_in_an_unsampled_trace_is_kept_alone()
    {
        using (Provider(o => o.CompleteErrorTraces = false))
        {
            _request.Handle(siblings: 2, fail: true, slow: false);
        }

        Assert.Equal("tail.leaf", Assert.Single(_exported).OperationName);
    }

    [Fact]
    public void The_option_cannot_be_combined_with_skipping_unsampled_roots()
    {
        var error = Assert.Throws<ArgumentException>(() => Sdk.CreateTracerProviderBuilder()
            .AddGeneratedInstrumentation(o => { o.CompleteErrorTraces = true; o.SkipUnsampledRoots = true; })
            .Build());
        Assert.Equal("SkipUnsampledRoots", error.ParamName);
    }

    private TracerProvider Provider(Action<InstrumentationOptions>? configure = null) =>
        Sdk.CreateTracerProviderBuilder()
            .AddGeneratedInstrumentation(o =>
            {
                o.SamplingRatio = 0;
                o.CompleteErrorTraces = true;
                // Only the slow-leaf test (30 ms threshold, a 60 ms sleep) is about slowness: elsewhere a stall of the
                // loaded test machine must not make an operation "slow" and keep a trace nothing failed in.
                o.SlowThreshold = TimeSpan.FromHours(1);
                configure?.Invoke(o);
            })
            .AddInMemoryExporter(_exported)
            .Build()!;

    /// <summary>A clock that moves only when told to: the age limit is tested without waiting.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _timestamp = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, by.Ticks);
    }
}
