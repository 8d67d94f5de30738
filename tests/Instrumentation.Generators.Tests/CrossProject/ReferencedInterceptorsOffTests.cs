using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// A consumer whose build replaces <c>InterceptorsNamespaces</c> (a later target that sets it for another generator)
/// calls an annotated method of a referenced library. The generator wrote the referenced interceptors anyway and the build
/// broke with four CS9137 errors naming an internal generated namespace (a newcomer's trial); the project's own operations
/// already emitted nothing there, and the analyzers' INS1031 reports each such call.
/// </summary>
public sealed class ReferencedInterceptorsOffTests
{
    [Fact]
    public void Calls_of_a_referenced_operation_compile_without_interceptors_when_the_compiler_does_not_accept_ours()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("StoreLib"), """
            using Instrumentation;
            namespace Acme;
            public static class BlobStore
            {
                [Operation("storage.blob.count")]
                public static int Count(string container) => container.Length;
            }
            """);
        const string consumer = """
            namespace App;
            public static class Program
            {
                public static int Run() => Acme.BlobStore.Count("photos") + Acme.BlobStore.Count("videos");
            }
            """;
        var options = new CSharpParseOptions(LanguageVersion.Preview)
            .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Microsoft.Extensions.Configuration.Binder.SourceGeneration") });
        var compilation = CrossProjectHarness.ConsumerCompilation(CrossProjectHarness.UniqueName("App"), consumer, library);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText(consumer, options, path: "/src/File0.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.DoesNotContain(driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources), s => s.HintName == ReferencedOperationEmitter.HintName);
        Assert.DoesNotContain(GeneratorHarness.AllDiagnostics(output), d => d.Severity == DiagnosticSeverity.Error);
    }
}
