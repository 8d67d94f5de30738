using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Threading;
using global::OpenTelemetry;

namespace Instrumentation.OpenTelemetry.CompleteTraces;

/// <summary>
/// The in-process tail sampler of <see cref="InstrumentationOptions.CompleteErrorTraces"/>. With
/// <see cref="CompleteTraceSampler"/>, spans of unsampled traces are recorded but not sampled, so exporters skip
/// them (they export only <see cref="Activity.Recorded"/> spans). This processor, ahead of the exporters, holds the
/// ended spans of each unsampled trace from its local root's start until that root ends. When a span of the trace
/// ends failed (error status) or kept by generated code (a failed or slow operation, promoted to recorded), the
/// held spans are marked recorded and handed to the provider's processor pipeline — the exporters — and every
/// later span of the trace is marked recorded as it ends, so the exporters after this processor export it. When
/// the last local root ends without that, the held spans are dropped. Memory is bounded by the options' maximum
/// traces, spans per trace and age; every refusal or eviction is counted
/// (<see cref="TailSamplingMetrics.DroppedName"/>).
/// </summary>
internal sealed class CompleteTraceProcessor : BaseProcessor<Activity>
{
    private const int SweepEvery = 64;

    [ThreadStatic]
    private static bool t_replaying;

    private static PropertyInfo? s_pipelineProperty;

    private readonly ConcurrentDictionary<ActivityTraceId, TraceBuffer> _traces = new();
    private readonly int _maxTraces;
    private readonly int _maxSpansPerTrace;
    private readonly long _maxAgeTimestampTicks;
    private readonly TimeProvider _clock;
    private int _count;
    private int _created;

    public CompleteTraceProcessor(int maxTraces, int maxSpansPerTrace, TimeSpan maxAge, TimeProvider clock)
    {
        _maxTraces = maxTraces;
        _maxSpansPerTrace = maxSpansPerTrace;
        _clock = clock;
        _maxAgeTimestampTicks = (long)(maxAge.TotalSeconds * clock.TimestampFrequency);
    }

    /// <summary>Traces held now (for tests and the benchmark).</summary>
    internal int BufferedTraces => Volatile.Read(ref _count);

    public override void OnStart(Activity data)
    {
        // Sampled spans are exported as usual; a buffer starts with an unsampled local root only.
        if (data.Recorded || !data.IsAllDataRequested || data.Parent is not null)
        {
            return;
        }

        var traceId = data.TraceId;
        while (true)
        {
            if (_traces.TryGetValue(traceId, out var existing))
            {
                lock (existing)
                {
                    if (!existing.Closed)
                    {
                        existing.AddRoot(data);
                        return;
                    }
                }

                Remove(traceId, existing);
                continue;
            }

            var now = _clock.GetTimestamp();
            if (Volatile.Read(ref _count) >= _maxTraces || Interlocked.Increment(ref _created) % SweepEvery == 0)
            {
                Sweep(now);
                if (Volatile.Read(ref _count) >= _maxTraces)
                {
                    TailSamplingMetrics.CountDrop(TailSamplingMetrics.MaxTraces);
                    return;
                }
            }

            if (_traces.TryAdd(traceId, new TraceBuffer(now, data)))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        if (t_replaying || Volatile.Read(ref _count) == 0 || !_traces.TryGetValue(data.TraceId, out var buffer))
        {
            return;
        }

        List<Activity>? release = null;
        var keptNow = false;
        var close = false;
        lock (buffer)
        {
            if (buffer.Closed)
            {
                return;
            }

            if (buffer.Keep)
            {
                data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
            else if (data.Recorded || data.Status == ActivityStatusCode.Error)
            {
                buffer.Keep = true;
                keptNow = true;
                data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
                release = buffer.TakeHeld();
            }
            else if (!buffer.TryHold(data, _maxSpansPerTrace))
            {
                TailSamplingMetrics.CountDrop(TailSamplingMetrics.MaxSpans);
            }

            if (data.Parent is null && buffer.RemoveRoot(data) && !buffer.HasOpenRoots)
            {
                buffer.Closed = true;
                close = true;
                if (!buffer.Keep)
                {
                    // Nothing failed: the held spans are dropped with the buffer (the ordinary unsampled outcome).
                    _ = buffer.TakeHeld();
                }
            }
        }

        if (close)
        {
            Remove(data.TraceId, buffer);
        }

        if (keptNow)
        {
            TailSamplingMetrics.CountKept();
            Release(release);
        }
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        foreach (var entry in _traces)
        {
            lock (entry.Value)
            {
                entry.Value.Closed = true;
                _ = entry.Value.TakeHeld();
            }

            Remove(entry.Key, entry.Value);
        }

        return true;
    }

    /// <summary>
    /// The provider's whole processor pipeline (exporters included): the SDK keeps it in an internal property. The
    /// dependency keeps that property's metadata in trimmed and NativeAOT builds (without it a NativeAOT build found no
    /// pipeline and dropped the held spans of complete error traces).
    /// </summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties, "OpenTelemetry.Trace.TracerProviderSdk", "OpenTelemetry")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The provider is OpenTelemetry's TracerProviderSdk, whose properties the DynamicDependency keeps; another provider type has no pipeline to find and its spans are counted as dropped (no_pipeline).")]
    private static BaseProcessor<Activity>? Pipeline(BaseProvider? provider)
    {
        if (provider is null)
        {
            return null;
        }

        var property = s_pipelineProperty;
        if (property is null || property.DeclaringType?.IsInstanceOfType(provider) != true)
        {
            property = provider.GetType().GetProperty("Processor", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            s_pipelineProperty = property;
        }

        return property?.GetValue(provider) as BaseProcessor<Activity>;
    }

    /// <summary>Exports the spans held so far: marked recorded, then handed to every processor of the provider.</summary>
    private void Release(List<Activity>? held)
    {
        if (held is null || held.Count == 0)
        {
            return;
        }

        var pipeline = Pipeline(ParentProvider);
        if (pipeline is null)
        {
            TailSamplingMetrics.CountDrop(TailSamplingMetrics.NoPipeline, held.Count);
            return;
        }

        t_replaying = true;
        try
        {
            foreach (var activity in held)
            {
                activity.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
                pipeline.OnEnd(activity);
            }
        }
        finally
        {
            t_replaying = false;
        }
    }

    /// <summary>Evicts buffers older than the maximum age (a local root that never ends must not hold memory forever).</summary>
    private void Sweep(long now)
    {
        foreach (var entry in _traces)
        {
            var buffer = entry.Value;
            if (now - buffer.StartedTimestamp < _maxAgeTimestampTicks)
            {
                continue;
            }

            lock (buffer)
            {
                if (buffer.Closed)
                {
                    continue;
                }

                buffer.Closed = true;
                _ = buffer.TakeHeld();
            }

            if (Remove(entry.Key, buffer))
            {
                TailSamplingMetrics.CountDrop(TailSamplingMetrics.MaxAge);
            }
        }
    }

    private bool Remove(ActivityTraceId traceId, TraceBuffer buffer)
    {
        if (_traces.TryRemove(new KeyValuePair<ActivityTraceId, TraceBuffer>(traceId, buffer)))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }
}
