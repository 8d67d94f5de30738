using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Instrumentation.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Not a BenchmarkDotNet run: the JIT's cost per call site (benchmarks/jit-cost.sh).
        if (args.Length > 0 && args[0] == "--jit-cost")
        {
            return Operations.JitCostPerCallSite.Run(annotatedFirst: args.Length > 1 && args[1] == "annotated-first");
        }

        // On a shared, loaded machine BenchmarkDotNet's default 2-minute limit for building its boilerplate project
        // is too short (seen at load average 50+); a slow build is not a measurement, so allow it.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));

        // run.sh's protocol mode runs the suite in rounds A B B A: the B rounds execute every class's cases in reverse
        // order, so a drift in machine load over a round does not always favour the same peer of a comparison.
        if (RoundOrderer.FromEnvironment() is { } orderer)
        {
            config = config.WithOrderer(orderer);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
