using BenchmarkDotNet.Attributes;
using Instrumentation.Benchmarks.Operations;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// Issue 18 §4, why the enabled generated log costs more than <c>[LoggerMessage]</c>: the pieces of work a generated
/// log call does that the runtime's generator does not, each measured alone in the same run as the two calls, with the
/// same arguments as <see cref="LogBenchmarks"/>' unclassified case ("dev-1", 3, 21.5) and the level enabled. Their sum
/// is compared with the difference of the two calls.
/// <list type="bullet">
/// <item><see cref="Scrub"/>: the free-text scrub of the unclassified string argument (vectorized pre-scan).</item>
/// <item><see cref="Correlation"/>: capturing the trace and the operation's correlation fields at the call, so that a
/// sink that reads the state later (a batching exporter) still sees them.</item>
/// </list>
/// Each benchmark runs in its own process, in which no <see cref="System.Diagnostics.Activity"/> is ever current, so
/// the generated log skips reading <see cref="System.Diagnostics.Activity.Current"/> (<c>CurrentActivityWatch</c>).
/// The <c>…InATracingProcess</c> rows start and stop one activity first, as any process that traces has: there every
/// line reads it.
/// </summary>
[MemoryDiagnoser]
public class LogPartsBenchmarks
{
    private static readonly string[] OwnFields = { "deviceId", "count", "temperature" };
    private ILoggerFactory _factory = null!;
    private ILogger _logger = null!;
    private string _deviceId = "dev-1";

    [GlobalSetup]
    public void Setup()
    {
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new NoopLoggerProvider()));
        _logger = _factory.CreateLogger("bench");
        _deviceId = System.Environment.ProcessorCount > 0 ? "dev-1" : "dev-2";
    }

    /// <summary>As <see cref="Setup"/>, in a process where an activity has been current once.</summary>
    [GlobalSetup(Targets = new[] { nameof(GeneratedInATracingProcess), nameof(CorrelationInATracingProcess) })]
    public void SetupTracingProcess()
    {
        Setup();
        new System.Diagnostics.Activity("tracing-process").Start().Stop();
    }

    [GlobalCleanup]
    public void Cleanup() => _factory.Dispose();

    [Benchmark(Baseline = true)]
    public void LoggerMessageGenerator() => BenchLog.RuntimeGenerated(_logger, _deviceId, 3, 21.5);

    [Benchmark]
    public void Generated() => BenchLog.Generated(_logger, _deviceId, 3, 21.5);

    [Benchmark]
    public void GeneratedInATracingProcess() => BenchLog.Generated(_logger, _deviceId, 3, 21.5);

    [Benchmark]
    public string? Scrub() => LogValueFormatter.Text(false, _deviceId);

    [Benchmark]
    public LogCorrelation Correlation() => LogCorrelation.Capture(OwnFields);

    [Benchmark]
    public LogCorrelation CorrelationInATracingProcess() => LogCorrelation.Capture(OwnFields);
}
