using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Instrumentation.Generators.Tests.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Generated files must not depend on where the repository is checked out: no absolute path in comments or
/// strings, and the same order of interceptors. The (version, data) form of InterceptsLocation is
/// checksum-based (content hash, position, file name), so the same sources give byte-identical files.
/// </summary>
public sealed class DeterminismTests
{
    private const string Second = """
        using Instrumentation;
        namespace Demo.Other
        {
            public static class More
            {
                public static void Run(Demo.Shapes.IStore store) => store.PutAsync("z", default);
            }
        }
        """;

    [Fact]
    public void The_same_sources_under_two_checkouts_generate_byte_identical_files_without_paths()
    {
        var first = Generate("/home/alice/src/product/", OperationSources.Shapes, Second);
        var second = Generate("/tmp/ci/build-4711/work/", OperationSources.Shapes, Second);

        Assert.Equal(first.Keys.OrderBy(k => k, System.StringComparer.Ordinal), second.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        foreach (var (hint, text) in first)
        {
            Assert.DoesNotContain("/home/alice", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("/tmp/ci", text, System.StringComparison.Ordinal);
            Assert.Equal(text, second[hint]);
        }

        Assert.Contains("// Calls.cs(", first[OperationEmitter.HintName], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Interceptor_order_follows_file_names_not_the_directories_above_them()
    {
        // Under the first root, "a/" sorts before "b/"; under the second the directories are swapped.
        var first = Generate(new[] { "/r/a/Calls.cs", "/r/b/More.cs" }, OperationSources.Shapes, Second);
        var second = Generate(new[] { "/r/b/Calls.cs", "/r/a/More.cs" }, OperationSources.Shapes, Second);

        Assert.Equal(first[OperationEmitter.HintName], second[OperationEmitter.HintName]);
    }

    private static Dictionary<string, string> Generate(string root, params string[] sources) =>
        Generate(new[] { root + "src/Calls.cs", root + "src/Other/More.cs" }, sources);

    private static Dictionary<string, string> Generate(string[] paths, params string[] sources)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: paths[i]));
        var compilation = GeneratorHarness.Compile().WithOptions(RobustRun.Options).AddSyntaxTrees(trees);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(GeneratorHarness.WithNullableWarnings(output).GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning);
        return driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    }
}
