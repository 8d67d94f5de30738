using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Instrumentation.Benchmarks;

/// <summary>
/// BenchmarkDotNet's default order, with the execution order reversed in the B rounds of run.sh's A B B A protocol
/// (environment variable <c>BENCHMARK_ROUND_ORDER=reverse</c>). Tables and summaries keep the default order.
/// </summary>
internal sealed class RoundOrderer : IOrderer
{
    public const string Variable = "BENCHMARK_ROUND_ORDER";

    private readonly IOrderer _default = DefaultOrderer.Instance;

    private RoundOrderer()
    {
    }

    public bool SeparateLogicalGroups => _default.SeparateLogicalGroups;

    /// <summary>The orderer for this round, or null when the variable asks for the default (forward) order.</summary>
    public static RoundOrderer? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        return string.Equals(value, "reverse", StringComparison.OrdinalIgnoreCase) ? new RoundOrderer() : null;
    }

    public IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
        => _default.GetExecutionOrder(benchmarksCase, order).Reverse();

    public IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCases, Summary summary)
        => _default.GetSummaryOrder(benchmarksCases, summary);

    public string? GetHighlightGroupKey(BenchmarkCase benchmarkCase) => _default.GetHighlightGroupKey(benchmarkCase);

    public string GetLogicalGroupKey(ImmutableArray<BenchmarkCase> allBenchmarksCases, BenchmarkCase benchmarkCase)
        => _default.GetLogicalGroupKey(allBenchmarksCases, benchmarkCase);

    public IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups, IEnumerable<BenchmarkLogicalGroupRule>? order = null)
        => _default.GetLogicalGroupOrder(logicalGroups, order);
}
