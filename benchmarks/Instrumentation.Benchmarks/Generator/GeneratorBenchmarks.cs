using System.Linq;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Benchmarks.Generator;

/// <summary>SPEC §4 generator: cold generation for N annotated methods, and an unrelated edit (incremental).</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new System.Collections.Generic.KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(200, 2_000, 10_000)]
    public int Methods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location))
            .ToList();
        var annotated = CSharpSyntaxTree.ParseText(Synthetic(Methods), ParseOptions, "/src/Service.cs");
        var unrelated = CSharpSyntaxTree.ParseText("public static class Unrelated { public static int A(int x) => x; }", ParseOptions, "/src/Unrelated.cs");
        _compilation = CSharpCompilation.Create("Bench", new[] { annotated, unrelated }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText("public static class Unrelated { public static int A(int x) => x + 1; }", ParseOptions, "/src/Unrelated.cs"));
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: ParseOptions, driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Benchmark]
    public GeneratorDriver ColdGeneration() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver UnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    public static string Synthetic(int count)
    {
        var builder = new System.Text.StringBuilder("using Instrumentation;\nnamespace Synthetic;\npublic sealed class Service\n{\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append("    [Operation(\"synthetic.op").Append(i).Append("\")] public int Op").Append(i).Append("(TenantContext tenant, [SpanAttribute] int value) => value;\n");
        }

        builder.Append("    public int CallAll(TenantContext t)\n    {\n        var total = 0;\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append("        total += Op").Append(i).Append("(t, 1);\n");
        }

        return builder.Append("        return total;\n    }\n}\n").ToString();
    }
}
