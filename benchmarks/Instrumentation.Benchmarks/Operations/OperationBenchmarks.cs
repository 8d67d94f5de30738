using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>SPEC §4: bare vs typical hand-written vs hand-optimized vs generated, in three environments.</summary>
[MemoryDiagnoser]
public class OperationBenchmarks
{
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");
    private BenchmarkEnvironment? _environment;
    private ILoggerFactory? _loggers;
    private Workloads _workloads = null!;

    [Params(Listening.None, Listening.MetricsTraceUnsampled, Listening.MetricsTraceSampled)]
    public Listening Environment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _environment = new BenchmarkEnvironment(Environment);
        // A logger whose Information level is off, as in production with Warning minimum: the typical
        // template call still boxes its arguments into a params array.
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(new NoopLoggerProvider()));
        _workloads = new Workloads(_loggers.CreateLogger("bench"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _environment?.Dispose();
        _loggers?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Bare() => _workloads.Bare(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int TypicalHandWritten() => _workloads.TypicalHandWritten(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int HandOptimized() => _workloads.HandOptimized(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int Generated() => _workloads.Generated(Tenant, 3, SensorKind.Temperature);

    [Benchmark]
    public int GeneratedSkipUnsampledRoot() => _workloads.GeneratedSkipRoot(Tenant, 3, SensorKind.Temperature);
}

/// <summary>Async variants: ValueTask completing synchronously (0 B added) and asynchronously.</summary>
[MemoryDiagnoser]
public class AsyncOperationBenchmarks
{
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");
    private BenchmarkEnvironment? _environment;
    private Workloads _workloads = null!;

    [Params(Listening.None, Listening.MetricsTraceSampled)]
    public Listening Environment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _environment = new BenchmarkEnvironment(Environment);
        _workloads = new Workloads(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _environment?.Dispose();

    [Benchmark(Baseline = true)]
    public ValueTask<int> BareCompletedSynchronously() => _workloads.BareAsync(Tenant, 3);

    [Benchmark]
    public ValueTask<int> GeneratedCompletedSynchronously() => _workloads.GeneratedAsync(Tenant, 3);

    [Benchmark]
    public async Task<int> BareCompletedAsynchronously() => await _workloads.BareYieldingAsync(3);

    [Benchmark]
    public async Task<int> GeneratedCompletedAsynchronously() => await _workloads.GeneratedYieldingAsync(3);
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

        public System.IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, System.Exception? exception, System.Func<TState, System.Exception?, string> formatter)
        {
        }
    }
}
