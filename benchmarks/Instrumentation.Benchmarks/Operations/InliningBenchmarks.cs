using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>
/// Issue 18 §6: real hot code calls small methods the JIT inlines. With nobody listening, a call of such a method
/// when it is annotated should cost within 2 ns of the call when it is not, inlining effects included. Each benchmark
/// makes <see cref="Calls"/> calls of a one-line method in a loop that uses every result (so none is removed):
/// <list type="bullet">
/// <item><see cref="Unannotated"/>: the plain method (the JIT inlines it).</item>
/// <item><see cref="Annotated"/>: the same body with <c>[Operation]</c>: the generated interceptor runs instead.</item>
/// <item><see cref="HandSplit"/>: the ideal a person would write by hand: an aggressively inlined "anyone listening?"
/// check over the same source and instruments, the plain call, and the span and metrics in a separate method that the
/// fast path never enters.</item>
/// </list>
/// No OpenTelemetry SDK and no listener in the process (the SPEC §4 "no listeners" environment).
/// </summary>
[MemoryDiagnoser]
public class InliningBenchmarks
{
    private const int Calls = 64;
    private int _seed = 3;

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int Unannotated()
    {
        var total = _seed;
        for (var i = 0; i < Calls; i++)
        {
            total = TinyTargets.Plain(total, i);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int Annotated()
    {
        var total = _seed;
        for (var i = 0; i < Calls; i++)
        {
            total = TinyTargets.Annotated(total, i);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int HandSplit()
    {
        var total = _seed;
        for (var i = 0; i < Calls; i++)
        {
            total = TinyTargets.HandSplit(total, i);
        }

        return total;
    }

    /// <summary>Keeps the seed observable, so the loops cannot be folded to constants.</summary>
    [GlobalSetup]
    public void Setup() => _seed = Environment.ProcessorCount > 0 ? 3 : 4;
}

/// <summary>The tiny targets of <see cref="InliningBenchmarks"/>: the same one-line body three ways.</summary>
public static class TinyTargets
{
    private static readonly ActivitySource Source = new("bench.inlining.hand");
    private static readonly Meter Meter = new("bench.inlining.hand");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("bench_tiny_duration_ms", "ms");
    private static readonly Counter<long> CallsTotal = Meter.CreateCounter<long>("bench_tiny_calls_total");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("bench_tiny_failures_total");

    public static int Plain(int total, int i) => (total * 31) + i;

    [Operation("bench.tiny.mix")]
    public static int Annotated(int total, int i) => (total * 31) + i;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HandSplit(int total, int i)
    {
        if (!(Source.HasListeners() || Duration.Enabled || CallsTotal.Enabled || Failures.Enabled))
        {
            return Plain(total, i);
        }

        return Live(total, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Live(int total, int i)
    {
        using var activity = Source.StartActivity("bench.tiny.mix");
        var start = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            return Plain(total, i);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            CallsTotal.Add(1);
            if (failed)
            {
                Failures.Add(1);
            }
        }
    }
}
