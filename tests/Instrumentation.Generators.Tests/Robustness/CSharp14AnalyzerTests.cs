using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers;
using Instrumentation.Analyzers.Contract;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The analyzers over C# 14 code, under the compiler of the pinned .NET SDK (this project's Roslyn 5.9; the analyzer tests'
/// Roslyn 4.14 cannot parse extension blocks), after the generators ran, as in a build: none throws (AD0001), and none
/// reports what is not so.
/// </summary>
public sealed class CSharp14AnalyzerTests
{
    public static System.Collections.Generic.IEnumerable<object[]> Corpus() => CorpusCases.Category("csharp14");

    /// <summary>Every C# 14 corpus case through the generators and then every analyzer: none throws (AD0001, or INS0036 where the analyzers' guard caught it).</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task No_analyzer_throws_on_the_CSharp_14_corpus(string name, string source)
    {
        var (_, analyzerDiagnostics) = await RunAsync(source);
        var crashes = analyzerDiagnostics.Where(d => d.Id is "AD0001" or "INS0036").ToList();
        Assert.True(crashes.Count == 0, name + ":\n" + string.Join("\n", crashes));
    }

    private static async Task<ImmutableArray<Diagnostic>> BuildAsync(string source)
    {
        var (generatorDiagnostics, analyzerDiagnostics) = await RunAsync(source);
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id is "AD0001" or "INS0036");
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return generatorDiagnostics.Concat(analyzerDiagnostics).Where(d => d.Id.StartsWith("INS", System.StringComparison.Ordinal)).ToImmutableArray();
    }

    private static async Task<(ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Analyzers)> RunAsync(string source)
    {
        var compilation = GeneratorHarness.Compile(CorpusCases.Usings + source);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return (generatorDiagnostics, await output.WithAnalyzers(SdkAnalyzers.All()).GetAllDiagnosticsAsync());
    }

    private static string Text(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    [Fact]
    public async Task A_method_group_of_an_extension_block_member_is_not_reported_as_instrumented()
    {
        // The generator instruments no member of an extension block (INS0007 at each declaration): INS1030's "calls through
        // this delegate are not instrumented: wrap it in a lambda" was a false report — the lambda's call is not either.
        var diagnostics = await BuildAsync("""
            public static class Blocks
            {
                extension(string s)
                {
                    [Operation("blocks.len")] public int Len() => s.Length;
                    [Operation("blocks.make")] public static string Make() => "m";
                }

                [Operation("blocks.classic")] public static int Classic(this string s) => s.Length;

                public static int Use()
                {
                    Func<int> member = "x".Len;
                    Func<string, int> implementation = Blocks.Len;
                    Func<string> staticMember = string.Make;
                    Func<string> staticImplementation = Blocks.Make;
                    Func<int> classic = "x".Classic;
                    return member() + implementation("y") + staticMember().Length + staticImplementation().Length + classic();
                }
            }
            """);

        Assert.Equal(2, diagnostics.Count(d => d.Id == "INS0007"));
        var methodGroup = Assert.Single(diagnostics, d => d.Id == "INS1030");
        Assert.Equal("\"x\".Classic", Text(methodGroup));
    }
}
