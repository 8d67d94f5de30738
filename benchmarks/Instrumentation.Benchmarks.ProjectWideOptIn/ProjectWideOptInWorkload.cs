using System.Runtime.CompilerServices;
using Instrumentation;
using Instrumentation.Benchmarks.Operations;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.ProjectWideOptIn;

/// <summary>
/// The benchmarks' generated operation with no per-operation opt-in: this project sets
/// <c>InstrumentationSkipUnsampledRoots</c>, so its unsampled roots create no propagation-only Activity.
/// </summary>
public sealed class ProjectWideOptInWorkload
{
    private readonly ILogger _logger;

    public ProjectWideOptInWorkload(ILogger logger) => _logger = logger;

    /// <summary>The call site (intercepted here); inlined into the benchmark so it adds no call of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Call(TenantContext tenant, int attempt, SensorKind sensor) => Generated(tenant, attempt, sensor);

    [Ingest("bench.generated_project_wide", OrgLabel = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures, DurationMetric = "bench_project_wide_ms", CallsMetric = "bench_project_wide_total", FailuresMetric = "bench_project_wide_failures_total")]
    public int Generated(TenantContext tenant, [SpanAttribute] int attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor)
    {
        var result = Work(attempt);
        ProjectWideLog.Processed(_logger, attempt, tenant.OrgId);
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Work(int value) => value + 1;
}

/// <summary>The same generated log as the other workloads.</summary>
public static partial class ProjectWideLog
{
    [LogMethod(LogLevel.Information, "Processed {Attempt} for {Org}", EventId = 1)]
    public static partial void Processed(ILogger logger, int attempt, string org);
}
