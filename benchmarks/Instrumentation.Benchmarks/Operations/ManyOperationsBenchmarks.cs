using BenchmarkDotNet.Attributes;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>
/// Issue 18 §6 as real code meets it: 512 different tiny methods, each called from its own call site (64 callers of 8
/// each, not inlined into one another), with nobody listening — plain, and annotated with <c>[Operation]</c>. Calling one
/// method in a loop (<see cref="InliningBenchmarks"/>) keeps the interceptor's check in the instruction cache and lets
/// the JIT lift it out of the loop; here every call runs its own copy of the inlined check, so its size counts. Before
/// <c>MeterListening</c>, each call site held about 140 bytes of checks (the source and each instrument) and a call
/// cost about 5 ns more than the plain call, while the loop measured under 1 ns; LiteDB's suite (2,172 call sites) ran
/// 10–17 % slower. Targets: <c>ManyOperationsTargets.cs</c>, written by <c>many_operations.py</c>.
/// </summary>
[MemoryDiagnoser]
public class ManyOperationsBenchmarks
{
    private const int Calls = 512;
    private int _seed = 3;

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int Unannotated() => ManyCallers.PlainAll(_seed, 1);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int Annotated() => ManyCallers.AnnotatedAll(_seed, 1);

    /// <summary>Keeps the seed observable, so the calls cannot be folded to constants.</summary>
    [GlobalSetup]
    public void Setup() => _seed = System.Environment.ProcessorCount > 0 ? 3 : 4;
}
