using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Instrumentation.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>
/// Issue 16 §5, the cost of <see cref="InstrumentationOptions.CompleteErrorTraces"/>: one unsampled request (a root
/// operation with three nested ones, nothing fails) under the OpenTelemetry SDK at sampling ratio 0, with the option
/// off (the root gets its propagation-only Activity, the children nothing) and on (every span is recorded and held
/// until the root ends, then dropped). Run: <c>./benchmarks/run.sh --quick --filter '*CompleteErrorTraces*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CompleteErrorTracesBenchmarks
{
    private readonly TailRequest _request = new();
    private TracerProvider? _tracer;

    [Params(false, true)]
    public bool CompleteErrorTraces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddGeneratedInstrumentation(o =>
            {
                o.SamplingRatio = 0;
                o.CompleteErrorTraces = CompleteErrorTraces;
            })
            .AddProcessor(new SimpleActivityExportProcessor(new NoopSpanExporter()))
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tracer?.Dispose();
        Instrumentation.Operations.OperationSettings.RootSamplingRatio = 1;
    }

    [Benchmark]
    public int UnsampledRequestWithThreeNestedOperations() => _request.Handle(3);

    private sealed class NoopSpanExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}

/// <summary>The benchmark's request: a root operation and <c>steps</c> nested ones.</summary>
public sealed class TailRequest
{
    [Operation("bench.tail.request")]
    public int Handle(int steps)
    {
        var total = 0;
        for (var i = 0; i < steps; i++)
        {
            total += Step(i);
        }

        return total;
    }

    [Operation("bench.tail.step")]
    public int Step(int value) => value + 1;
}
