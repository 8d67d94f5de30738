using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1021 Fix All when no rename is offered for the first name (its suggestion would still break the convention):
/// <c>dotnet format</c> asks with no equivalence key and the batch fixer returned no Fix All action; the names after it
/// are renamed, the first is left as it is.
/// </summary>
public sealed class NamingFixAllTests
{
    private const string Source = CardinalityTests.Usings + """
        public class C
        {
            static readonly Meter Meter = new("m");
            static readonly Counter<long> A = Meter.CreateCounter<long>("1calls");
            static readonly Counter<long> B = Meter.CreateCounter<long>("JobsDone");
            static readonly Histogram<double> D = Meter.CreateHistogram<double>(unit: "ms", name: "JobsLatency");
        }
        """;

    private const string Renamed = CardinalityTests.Usings + """
        public class C
        {
            static readonly Meter Meter = new("m");
            static readonly Counter<long> A = Meter.CreateCounter<long>("1calls");
            static readonly Counter<long> B = Meter.CreateCounter<long>("jobs_done_total");
            static readonly Histogram<double> D = Meter.CreateHistogram<double>(unit: "ms", name: "jobs_latency_ms");
        }
        """;

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task Fix_all_as_dotnet_format_runs_it_renames_the_others_when_the_first_has_no_fix(FixAllScope scope)
    {
        Assert.Equal(Renamed, await AnalyzerHarness.FixAllLikeDotnetFormatAsync(Source, "INS1021", new RenameToConventionCodeFix(), scope));
    }

    [Fact]
    public async Task Fix_all_from_the_ide_renames_the_others_one_by_one_and_in_every_scope()
    {
        var markup = Source
            .Replace("(\"1calls\")", "({|INS1021:\"1calls\"|})", System.StringComparison.Ordinal)
            .Replace("(\"JobsDone\")", "({|INS1021:\"JobsDone\"|})", System.StringComparison.Ordinal)
            .Replace("name: \"JobsLatency\"", "name: {|INS1021:\"JobsLatency\"|}", System.StringComparison.Ordinal);
        var left = Renamed.Replace("(\"1calls\")", "({|INS1021:\"1calls\"|})", System.StringComparison.Ordinal);

        var test = Verify<NamingAnalyzer, RenameToConventionCodeFix>.Create();
        test.TestCode = markup;
        test.FixedCode = left;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }
}
