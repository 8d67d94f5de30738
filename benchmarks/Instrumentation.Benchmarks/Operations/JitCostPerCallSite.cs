using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>
/// Issue 18 §6/§7: what the JIT spends compiling a caller of annotated methods, per call site, against the same caller
/// of the same methods un-annotated. Not a BenchmarkDotNet benchmark: each caller can be compiled only once per process,
/// so this compiles the 64 callers of <see cref="ManyCallers"/> of each kind (8 call sites each, 512 per kind) with
/// <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/> and reads the JIT's own clock
/// (<see cref="System.Runtime.JitInfo.GetCompilationTime(bool)"/>, this thread). Run with
/// <c>DOTNET_TieredCompilation=0</c> so that a caller is compiled once and optimized (with the interceptors' fast paths
/// inlined, as tier 1 compiles a hot caller); <c>benchmarks/jit-cost.sh</c> does this in alternating processes.
/// </summary>
internal static class JitCostPerCallSite
{
    private const int SitesPerCaller = 8;

    /// <summary>Prints one line: microseconds of JIT per call site, un-annotated and annotated, and their ratio.</summary>
    /// <param name="annotatedFirst">Compile the annotated callers first (the script alternates the order).</param>
    /// <returns>The process exit code: 2 when tiered compilation is on (the figures would be tier 0's).</returns>
    public static int Run(bool annotatedFirst)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0")
        {
            Console.Error.WriteLine("jit-cost: run with DOTNET_TieredCompilation=0 (benchmarks/jit-cost.sh sets it)");
            return 2;
        }

        // The first caller of each kind runs once, so the types and static state every caller touches are initialized
        // (the generated operations, the SDK's listener checks) and are not part of any measured compilation.
        _ = ManyCallers.PlainCaller0(1, 1);
        _ = ManyCallers.AnnotatedCaller0(1, 1);
        var plain = Callers("PlainCaller");
        var annotated = Callers("AnnotatedCaller");
        double plainUs, annotatedUs;
        if (annotatedFirst)
        {
            annotatedUs = MicrosecondsPerSite(annotated);
            plainUs = MicrosecondsPerSite(plain);
        }
        else
        {
            plainUs = MicrosecondsPerSite(plain);
            annotatedUs = MicrosecondsPerSite(annotated);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"jit-cost: sites={plain.Count * SitesPerCaller} unannotated_us_per_site={plainUs:F1} annotated_us_per_site={annotatedUs:F1} ratio={annotatedUs / plainUs:F2} order={(annotatedFirst ? "annotated-first" : "unannotated-first")}"));
        return 0;
    }

    private static List<MethodInfo> Callers(string prefix) =>
        typeof(ManyCallers).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.StartsWith(prefix, StringComparison.Ordinal) && m.Name != prefix + "0")
            .ToList();

    private static double MicrosecondsPerSite(List<MethodInfo> callers)
    {
        var before = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        foreach (var caller in callers)
        {
            RuntimeHelpers.PrepareMethod(caller.MethodHandle);
        }

        var spent = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - before;
        return spent.TotalMilliseconds * 1000 / (callers.Count * SitesPerCaller);
    }
}
