using System;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Instrumentation.Benchmarks.ProjectWideOptIn;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>The environment, logger and workloads shared by the operation benchmarks.</summary>
public abstract class OperationBenchmarkBase
{
    protected static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");

    private BenchmarkEnvironment? _environment;
    private ILoggerFactory? _loggers;

    [Params(Listening.None, Listening.MetricsUnsampled, Listening.MetricsSampled)]
    public Listening Environment { get; set; }

    protected Workloads Workloads { get; private set; } = null!;

    protected ProjectWideOptInWorkload ProjectWide { get; private set; } = null!;

    [GlobalSetup]
    public virtual void Setup()
    {
        _environment = new BenchmarkEnvironment(Environment);
        // Information is off, as in production with a Warning minimum: every workload's "Processed" log is
        // a disabled call (the typical template call still boxes its arguments into a params array).
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new NoopLoggerProvider()));
        var logger = _loggers.CreateLogger("bench");
        Workloads = new Workloads(logger);
        ProjectWide = new ProjectWideOptInWorkload(logger);
    }

    [GlobalCleanup]
    public virtual void Cleanup()
    {
        _environment?.Dispose();
        _loggers?.Dispose();
    }
}

/// <summary>
/// SPEC §4, root operations (no parent span): bare vs typical hand-written vs hand-optimized vs generated,
/// plus the generated operation with the per-operation and the project-wide opt-in that skips the
/// propagation-only root of an unsampled trace, and with an integer span attribute outside the cache.
/// </summary>
[MemoryDiagnoser]
public class OperationBenchmarks : OperationBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public int Bare() => Workloads.Bare(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int TypicalHandWritten() => Workloads.TypicalHandWritten(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int HandOptimized() => Workloads.HandOptimized(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int Generated() => Workloads.Generated(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int GeneratedWithoutLog() => Workloads.GeneratedWithoutLog(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int GeneratedSkipRootPerOperation() => Workloads.GeneratedSkipRoot(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int GeneratedSkipRootProjectWide() => ProjectWide.Call(Tenant, 3, SensorKind.Temperature);

    /// <summary>attempt = 5000 is outside OperationTags' cache of boxed integers (-128..1023).</summary>
    [Benchmark]
    public int GeneratedUncachedInteger() => Workloads.Generated(Tenant, 5_000, SensorKind.Temperature);

    /// <summary>Not an instrumentation: the clock reads and metric records any implementation must pay.</summary>
    [Benchmark]
    public int MetricsFloor() => Workloads.MetricsFloor(Tenant, 3, SensorKind.Temperature);
}

/// <summary>
/// SPEC §4, nested operations: the same calls made inside a local parent span started from a source the
/// SDK listens to, so its sampler (ParentBased(TraceIdRatio)) decides the parent: not sampled under
/// MetricsUnsampled (children then get no Activity at all), sampled under MetricsSampled. With
/// no listeners there is no parent (StartActivity returns null) and the rows equal the root ones.
/// <see cref="ParentBasedSampling"/> = true is the opt-in <c>OperationSettings.ParentBasedSampling</c>
/// (only the generated rows read it): the generated code then does not offer a child of an unrecorded
/// parent to the sampler at all.
/// </summary>
[MemoryDiagnoser]
public class NestedOperationBenchmarks : OperationBenchmarkBase
{
    private static readonly ActivitySource ParentSource = new(BenchmarkEnvironment.ParentSource);
    private Activity? _parent;

    [Params(false, true)]
    public bool ParentBasedSampling { get; set; }

    // BenchmarkDotNet runs the base class's [GlobalSetup]/[GlobalCleanup] methods, which dispatch here.
    public override void Setup()
    {
        base.Setup();
        Instrumentation.Operations.OperationSettings.ParentBasedSampling = ParentBasedSampling;
        // Started here and left current: Activity.Current is an AsyncLocal, and a synchronous setup's
        // change stays on the thread that then runs the benchmark.
        _parent = ParentSource.StartActivity("bench.parent");
        var expectRecorded = Environment == Listening.MetricsSampled;
        if (Environment != Listening.None && (_parent is null || _parent.Recorded != expectRecorded))
        {
            throw new InvalidOperationException($"parent span: {(_parent is null ? "none" : "recorded=" + _parent.Recorded)}, expected recorded={expectRecorded}");
        }
    }

    public override void Cleanup()
    {
        // Proves the calls ran under the parent: it is still the current span when the runs are over.
        var current = Activity.Current;
        _parent?.Stop();
        base.Cleanup();
        if (!ReferenceEquals(current, _parent))
        {
            throw new InvalidOperationException("the benchmarks did not run under the parent span");
        }
    }

    [Benchmark(Baseline = true)]
    public int Bare() => Workloads.Bare(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int TypicalHandWritten() => Workloads.TypicalHandWritten(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int HandOptimized() => Workloads.HandOptimized(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int Generated() => Workloads.Generated(Tenant, 3, SensorKind.Temperature);

    /// <summary>Not an instrumentation: the clock reads and metric records any implementation must pay.</summary>
    [Benchmark]
    public int MetricsFloor() => Workloads.MetricsFloor(Tenant, 3, SensorKind.Temperature);
}

/// <summary>How an async benchmark's operation completes.</summary>
public enum Completion
{
    /// <summary>The returned task is already complete (nothing awaited inside).</summary>
    Synchronous,

    /// <summary>The operation yields first, so the caller awaits a pending task (a thread-pool hop).</summary>
    Asynchronous,
}

/// <summary>
/// SPEC §2.1/§4 async operations (roots), ValueTask&lt;int&gt; for the four variants and Task&lt;int&gt; for
/// bare vs generated: completing synchronously (0 B added) and asynchronously (ValueTask: pooled
/// continuation, 0 B added in steady state; Task: one state machine box). The async variants write no
/// log, so each one's own async body is Bare's and "added" bytes are the instrumentation's; the
/// generated ones use SkipUnsampledRoot (under MetricsUnsampled: the 0 B case of SPEC §4).
/// </summary>
[MemoryDiagnoser]
public class AsyncOperationBenchmarks : OperationBenchmarkBase
{
    [Params(Completion.Synchronous, Completion.Asynchronous)]
    public Completion Completion { get; set; }

    private bool Yield => Completion == Completion.Asynchronous;

    [Benchmark(Baseline = true)]
    public System.Threading.Tasks.ValueTask<int> Bare() => Workloads.BareAsync(Tenant, 3, SensorKind.Temperature, Yield);

    [Benchmark]
    public System.Threading.Tasks.ValueTask<int> TypicalHandWritten() => Workloads.TypicalHandWrittenAsync(Tenant, 3, SensorKind.Temperature, Yield);

    [Benchmark]
    public System.Threading.Tasks.ValueTask<int> HandOptimized() => Workloads.HandOptimizedAsync(Tenant, 3, SensorKind.Temperature, Yield);

    [Benchmark]
    public System.Threading.Tasks.ValueTask<int> Generated() => Workloads.GeneratedAsync(Tenant, 3, SensorKind.Temperature, Yield);

    [Benchmark]
    public System.Threading.Tasks.Task<int> BareTask() => Workloads.BareTaskAsync(Tenant, 3, SensorKind.Temperature, Yield);

    [Benchmark]
    public System.Threading.Tasks.Task<int> GeneratedTask() => Workloads.GeneratedTaskAsync(Tenant, 3, SensorKind.Temperature, Yield);
}

/// <summary>A logger provider whose loggers are enabled at every level and write nothing.</summary>
public sealed class NoopLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => NoopLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class NoopLogger : ILogger
    {
        public static readonly NoopLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
