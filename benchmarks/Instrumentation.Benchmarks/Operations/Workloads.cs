using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Operations;

public enum SensorKind
{
    Temperature,
    Humidity,
}

/// <summary>The same trivial operation, instrumented four ways (SPEC §4).</summary>
public sealed class Workloads
{
    private static readonly ActivitySource Source = new(BenchmarkEnvironment.HandSource);
    private static readonly Meter Meter = new(BenchmarkEnvironment.HandSource);
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("hand_latency_ms", "ms");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("hand_calls_total");
    private static readonly Action<ILogger, int, string, Exception?> Processed =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1, "Processed"), "Processed {Attempt} for {Org}");

    private readonly ILogger _logger;

    public Workloads(ILogger logger) => _logger = logger;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Work(int value) => value + 1;

    /// <summary>No instrumentation at all.</summary>
    public int Bare(TenantContext tenant, int attempt, SensorKind sensor) => Work(attempt);

    /// <summary>What most code does: StartActivity, boxed SetTag, KeyValuePair tags, template logging, Stopwatch.StartNew.</summary>
    public int TypicalHandWritten(TenantContext tenant, int attempt, SensorKind sensor)
    {
        using var activity = Source.StartActivity("bench.typical");
        activity?.SetTag("org_id", tenant.OrgId);
        activity?.SetTag("project_id", tenant.ProjectId);
        activity?.SetTag("attempt", attempt);
        var stopwatch = Stopwatch.StartNew();
        var result = Work(attempt);
        stopwatch.Stop();
        Latency.Record(stopwatch.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("org", tenant.OrgId), new KeyValuePair<string, object?>("sensor", sensor.ToString()));
        Calls.Add(1, new KeyValuePair<string, object?>("org", tenant.OrgId));
        _logger.LogInformation("Processed {Attempt} for {Org}", attempt, tenant.OrgId);
        return result;
    }

    /// <summary>Careful hand-written code: HasListeners, GetTimestamp, TagList, LoggerMessage.Define, Enabled checks.</summary>
    public int HandOptimized(TenantContext tenant, int attempt, SensorKind sensor)
    {
        var live = Source.HasListeners() || Latency.Enabled || Calls.Enabled;
        if (!live)
        {
            return Work(attempt);
        }

        using var activity = Source.StartActivity("bench.optimized");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("org_id", tenant.OrgId);
            activity.SetTag("project_id", tenant.ProjectId);
        }

        var start = Stopwatch.GetTimestamp();
        var result = Work(attempt);
        if (Latency.Enabled)
        {
            var tags = new TagList { { "org", tenant.OrgId }, { "sensor", sensor == SensorKind.Temperature ? "temperature" : "humidity" } };
            Latency.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, in tags);
        }

        if (Calls.Enabled)
        {
            var tags = new TagList { { "org", tenant.OrgId } };
            Calls.Add(1, in tags);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            Processed(_logger, attempt, tenant.OrgId, null);
        }

        return result;
    }

    /// <summary>The SDK: one attribute; the generator intercepts the call.</summary>
    [Ingest("bench.generated", OrgLabel = MetricTargets.Duration | MetricTargets.Calls, DurationMetric = "bench_generated_ms", CallsMetric = "bench_generated_total", FailuresMetric = "bench_generated_failures_total")]
    public int Generated(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor) => Work(attempt);

    /// <summary>The SDK with the opt-in that skips the propagation-only root of unsampled traces.</summary>
    [Ingest("bench.generated_skip_root", SkipUnsampledRoot = true, OrgLabel = MetricTargets.Duration | MetricTargets.Calls, DurationMetric = "bench_skip_ms", CallsMetric = "bench_skip_total", FailuresMetric = "bench_skip_failures_total")]
    public int GeneratedSkipRoot(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor) => Work(attempt);

    /// <summary>Async, completing synchronously: no instrumentation.</summary>
    public ValueTask<int> BareAsync(TenantContext tenant, int attempt) => new(Work(attempt));

    /// <summary>Async, completing synchronously: generated.</summary>
    [Operation("bench.generated_async", RequireTenant = true)]
    public ValueTask<int> GeneratedAsync(TenantContext tenant, [SpanAttribute] int attempt) => new(Work(attempt));

    /// <summary>Async, completing asynchronously: no instrumentation.</summary>
    public async ValueTask<int> BareYieldingAsync(int attempt)
    {
        await Task.Yield();
        return Work(attempt);
    }

    /// <summary>Async, completing asynchronously: generated.</summary>
    [Operation("bench.generated_yielding")]
    public async ValueTask<int> GeneratedYieldingAsync([SpanAttribute] int attempt)
    {
        await Task.Yield();
        return Work(attempt);
    }
}
