using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>
/// The same trivial operation instrumented four ways (SPEC §4), doing the same telemetry work so the
/// comparison is like for like:
/// <list type="bullet">
/// <item>span: <c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>, <c>attempt</c>; error status and exception type on failure;</item>
/// <item>metrics: duration histogram (ms) labelled <c>org</c> + <c>sensor</c>, calls counter and failures counter labelled <c>org</c>;</item>
/// <item>one Information log "Processed {Attempt} for {Org}" per call (the benchmarks' logger has Information off).</item>
/// </list>
/// </summary>
public sealed class Workloads
{
    private static readonly ActivitySource Source = new(BenchmarkEnvironment.HandSource);
    private static readonly Meter Meter = new(BenchmarkEnvironment.HandSource);
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("hand_duration_ms", "ms");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("hand_calls_total");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("hand_failures_total");
    private static readonly Action<ILogger, int, string, Exception?> Processed =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1, "Processed"), "Processed {Attempt} for {Org}");

    private readonly ILogger _logger;

    public Workloads(ILogger logger) => _logger = logger;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Work(int value) => value + 1;

    /// <summary>No instrumentation at all (and no log).</summary>
    public int Bare(TenantContext tenant, int attempt, SensorKind sensor) => Work(attempt);

    /// <summary>What most code does: StartActivity, boxed SetTag, KeyValuePair tags, template logging, Stopwatch.StartNew.</summary>
    public int TypicalHandWritten(TenantContext tenant, int attempt, SensorKind sensor)
    {
        using var activity = Source.StartActivity("bench.typical");
        activity?.SetTag("org_id", tenant.OrgId);
        activity?.SetTag("project_id", tenant.ProjectId);
        activity?.SetTag("device_uuid", tenant.DeviceUuid);
        activity?.SetTag("attempt", attempt);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = Work(attempt);
            _logger.LogInformation("Processed {Attempt} for {Org}", attempt, tenant.OrgId);
            return result;
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("exception.type", exception.GetType().FullName);
            Failures.Add(1, new KeyValuePair<string, object?>("org", tenant.OrgId));
            throw;
        }
        finally
        {
            stopwatch.Stop();
            Latency.Record(stopwatch.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("org", tenant.OrgId), new KeyValuePair<string, object?>("sensor", sensor.ToString()));
            Calls.Add(1, new KeyValuePair<string, object?>("org", tenant.OrgId));
        }
    }

    /// <summary>Careful hand-written code: HasListeners/Enabled checks, GetTimestamp, TagList, LoggerMessage.Define.</summary>
    public int HandOptimized(TenantContext tenant, int attempt, SensorKind sensor)
    {
        if (!(Source.HasListeners() || Latency.Enabled || Calls.Enabled || Failures.Enabled))
        {
            var quick = Work(attempt);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Processed(_logger, attempt, tenant.OrgId, null);
            }

            return quick;
        }

        using var activity = Source.StartActivity("bench.optimized");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("org_id", tenant.OrgId);
            activity.SetTag("project_id", tenant.ProjectId);
            activity.SetTag("device_uuid", tenant.DeviceUuid);
            activity.SetTag("attempt", attempt);
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = Work(attempt);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Processed(_logger, attempt, tenant.OrgId, null);
            }

            return result;
        }
        catch (Exception exception)
        {
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("exception.type", exception.GetType().FullName);
            }

            if (Failures.Enabled)
            {
                var tags = new TagList { { "org", tenant.OrgId } };
                Failures.Add(1, in tags);
            }

            throw;
        }
        finally
        {
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
        }
    }

    /// <summary>
    /// The floor, not an instrumentation: only the work every implementation of these metrics must do
    /// when they are listened — two clock reads, the duration histogram record, the calls counter add —
    /// with no span, no checks, no log. It shows how much of a row is the metrics SDK and the clock.
    /// </summary>
    public int MetricsFloor(TenantContext tenant, int attempt, SensorKind sensor)
    {
        var start = Stopwatch.GetTimestamp();
        var result = Work(attempt);
        var durationTags = new TagList { { "org", tenant.OrgId }, { "sensor", sensor == SensorKind.Temperature ? "temperature" : "humidity" } };
        Latency.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, in durationTags);
        var callTags = new TagList { { "org", tenant.OrgId } };
        Calls.Add(1, in callTags);
        return result;
    }

    /// <summary>The SDK: attributes only; the generator intercepts the call. The body logs like the others.</summary>
    [Ingest("bench.generated", OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_generated_ms", CallsMetric = "bench_generated_total", FailuresMetric = "bench_generated_failures_total")]
    public int Generated(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor)
    {
        var result = Work(attempt);
        WorkloadLog.Processed(_logger, attempt, tenant.OrgId);
        return result;
    }

    /// <summary>
    /// The generated interceptor alone (same attribute, a body with no log): what "generated code within
    /// 2 ns of bare" measures; the log call of <see cref="Generated"/> is user code with its own target.
    /// </summary>
    [Ingest("bench.generated_no_log", OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_no_log_ms", CallsMetric = "bench_no_log_total", FailuresMetric = "bench_no_log_failures_total")]
    public int GeneratedWithoutLog(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor) => Work(attempt);

    /// <summary>The SDK with the per-operation opt-in that skips the propagation-only root of unsampled traces.</summary>
    [Ingest("bench.generated_skip_root", SkipUnsampledRoot = true, OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_skip_ms", CallsMetric = "bench_skip_total", FailuresMetric = "bench_skip_failures_total")]
    public int GeneratedSkipRoot(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor)
    {
        var result = Work(attempt);
        WorkloadLog.Processed(_logger, attempt, tenant.OrgId);
        return result;
    }

    // Async variants: the same span and metrics as above, and no log, so that every variant's own async
    // body is exactly Bare's and the bytes a variant adds over Bare are its instrumentation's.

    /// <summary>Async (ValueTask), completing synchronously or after a yield: no instrumentation.</summary>
    public async ValueTask<int> BareAsync(TenantContext tenant, int attempt, SensorKind sensor, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return Work(attempt);
    }

    /// <summary>Async typical hand-written instrumentation around the same body.</summary>
    public async ValueTask<int> TypicalHandWrittenAsync(TenantContext tenant, int attempt, SensorKind sensor, bool yieldFirst)
    {
        using var activity = Source.StartActivity("bench.typical_async");
        activity?.SetTag("org_id", tenant.OrgId);
        activity?.SetTag("project_id", tenant.ProjectId);
        activity?.SetTag("device_uuid", tenant.DeviceUuid);
        activity?.SetTag("attempt", attempt);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (yieldFirst)
            {
                await Task.Yield();
            }

            return Work(attempt);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("exception.type", exception.GetType().FullName);
            Failures.Add(1, new KeyValuePair<string, object?>("org", tenant.OrgId));
            throw;
        }
        finally
        {
            stopwatch.Stop();
            Latency.Record(stopwatch.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("org", tenant.OrgId), new KeyValuePair<string, object?>("sensor", sensor.ToString()));
            Calls.Add(1, new KeyValuePair<string, object?>("org", tenant.OrgId));
        }
    }

    /// <summary>Async hand-optimized instrumentation: the fast path returns the body's own task; the live path awaits it.</summary>
    public ValueTask<int> HandOptimizedAsync(TenantContext tenant, int attempt, SensorKind sensor, bool yieldFirst)
    {
        if (!(Source.HasListeners() || Latency.Enabled || Calls.Enabled || Failures.Enabled))
        {
            return BareAsync(tenant, attempt, sensor, yieldFirst);
        }

        return LiveAsync(tenant, attempt, sensor, yieldFirst);

        async ValueTask<int> LiveAsync(TenantContext tenant, int attempt, SensorKind sensor, bool yieldFirst)
        {
            using var activity = Source.StartActivity("bench.optimized_async");
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("org_id", tenant.OrgId);
                activity.SetTag("project_id", tenant.ProjectId);
                activity.SetTag("device_uuid", tenant.DeviceUuid);
                activity.SetTag("attempt", attempt);
            }

            var start = Stopwatch.GetTimestamp();
            try
            {
                return await BareAsync(tenant, attempt, sensor, yieldFirst).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                    activity.SetTag("exception.type", exception.GetType().FullName);
                }

                if (Failures.Enabled)
                {
                    var tags = new TagList { { "org", tenant.OrgId } };
                    Failures.Add(1, in tags);
                }

                throw;
            }
            finally
            {
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
            }
        }
    }

    /// <summary>
    /// Async, generated: the attribute on a method whose body is Bare's. Like every generated async
    /// workload it opts out of the propagation-only root, so under MetricsUnsampled it shows what SPEC §4
    /// promises for roots under the opt-in and for nested operations: 0 B added.
    /// </summary>
    [Ingest("bench.generated_async", SkipUnsampledRoot = true, OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_async_ms", CallsMetric = "bench_async_total", FailuresMetric = "bench_async_failures_total")]
    public async ValueTask<int> GeneratedAsync(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return Work(attempt);
    }

    /// <summary>Async returning Task&lt;int&gt;: no instrumentation.</summary>
    public async Task<int> BareTaskAsync(TenantContext tenant, int attempt, SensorKind sensor, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return Work(attempt);
    }

    /// <summary>Async returning Task&lt;int&gt;, generated (the Task shape cannot use a pooled continuation).</summary>
    [Ingest("bench.generated_task", SkipUnsampledRoot = true, OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_task_ms", CallsMetric = "bench_task_total", FailuresMetric = "bench_task_failures_total")]
    public async Task<int> GeneratedTaskAsync(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return Work(attempt);
    }
}

/// <summary>The generated log method the generated workloads call (same message as the hand-written ones).</summary>
public static partial class WorkloadLog
{
    [LogMethod(LogLevel.Information, "Processed {Attempt} for {Org}", EventId = 1)]
    public static partial void Processed(ILogger logger, int attempt, string org);
}
