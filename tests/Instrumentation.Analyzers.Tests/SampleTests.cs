using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>The EdgeIngest sample, compiled from its sources through the SDK's generators and analyzers: no SDK warning at all.</summary>
public sealed class SampleTests
{
    [Fact]
    public async Task EdgeIngest_compiles_with_zero_generator_and_analyzer_warnings()
    {
        var root = Path.Combine(RepositoryRoot(), "samples", "EdgeIngest");
        var sources = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        Assert.True(sources.Count > 10, "sample sources not found under " + root);

        var parseOptions = AnalyzerHarness.ParseOptions.WithLanguageVersion(LanguageVersion.Latest).WithPreprocessorSymbols("NET", "NET10_0", "NET10_0_OR_GREATER", "RELEASE");
        var trees = sources.Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parseOptions, path: p)).ToList();
        var compilation = CSharpCompilation.Create(
            "EdgeIngest",
            trees,
            SampleReferences(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var driver = CSharpGeneratorDriver.Create(AnalyzerHarness.GeneratorsForTests(), parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        AnalyzerHarness.AssertNoErrors(generated, "EdgeIngest");
        var analyzerDiagnostics = await generated.WithAnalyzers(AnalyzerHarness.AllAnalyzers().ToImmutableArray()).GetAnalyzerDiagnosticsAsync();

        var sdkDiagnostics = generatorDiagnostics.Concat(analyzerDiagnostics)
            // A diagnostic the sample suppresses in source with its reason (#pragma) is not reported by a build either.
            .Where(d => (d.Id.StartsWith("INS", StringComparison.Ordinal) || d.Id == "AD0001") && !d.IsSuppressed)
            .Select(d => d.ToString())
            .ToList();
        Assert.True(sdkDiagnostics.Count == 0, string.Join("\n", sdkDiagnostics));

        // The analyzers did look at the sample: it has operations and labels for them to check.
        Assert.Contains(generated.SyntaxTrees, t => t.FilePath.Contains("Instrumentation.Generated", StringComparison.Ordinal) || t.ToString().Contains("InterceptsLocation", StringComparison.Ordinal));
    }

    /// <summary>Everything this test runs with except the sample's own assembly: the sample's packages, the ASP.NET Core and .NET frameworks.</summary>
    internal static IEnumerable<MetadataReference> SampleReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetFileNameWithoutExtension(p) != "EdgeIngest")
            .Select(p => MetadataReference.CreateFromFile(p));

    internal static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory!, "Instrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory!;
    }
}
