using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Benchmarks.Generator;

/// <summary>
/// Issue 18 §7: what annotating costs a build. A synthetic library of N plain methods (an int and a string parameter,
/// no telemetry roles: what <c>tools/realworld</c>'s script puts on every method), each called once, in files of 50,
/// compiled to an assembly (Emit to a null stream) from a fresh <see cref="CSharpCompilation"/> as a command-line build does:
/// <list type="bullet">
/// <item><see cref="Unannotated"/>: the same methods and calls without the attribute, the compiler alone (the baseline).</item>
/// <item><see cref="Annotated"/>: with <c>[Operation]</c> on every method: the operation generator runs, then Emit
/// compiles the user's and the generated sources.</item>
/// </list>
/// The ratio Annotated / Unannotated is the figure; the setup prints the generated characters per call site.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class BuildCostBenchmarks
{
    private const int MethodsPerFile = 50;

    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    private static readonly MetadataReference[] References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location))
        .ToArray();

    private SyntaxTree[] _plain = System.Array.Empty<SyntaxTree>();
    private SyntaxTree[] _annotated = System.Array.Empty<SyntaxTree>();
    private CSharpCompilation _fresh = null!;

    /// <summary>Annotated methods, and call sites (one call of each).</summary>
    [ParamsSource(nameof(Sizes))]
    public int CallSites { get; set; }

    /// <summary>
    /// 200, 2,000 and 10,000; <c>BUILD_COST_CALL_SITES=2000</c> (comma-separated) measures only those, for a quick
    /// check (10,000 call sites take ~33 s per invocation).
    /// </summary>
    public static IEnumerable<int> Sizes =>
        System.Environment.GetEnvironmentVariable("BUILD_COST_CALL_SITES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            : new[] { 200, 2_000, 10_000 };

    [GlobalSetup]
    public void Setup()
    {
        _plain = Files(CallSites, annotated: false);
        _annotated = Files(CallSites, annotated: true);
        var driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGenerators(Compilation(_annotated));
        var generated = driver.GetRunResult().GeneratedTrees.Sum(t => t.Length);
        System.Console.WriteLine("// generated characters: " + generated + ", per call site: " + (generated / CallSites));
    }

    [IterationSetup(Target = nameof(Unannotated))]
    public void FreshPlain() => _fresh = Compilation(_plain);

    [IterationSetup(Target = nameof(Annotated))]
    public void FreshAnnotated() => _fresh = Compilation(_annotated);

    [Benchmark(Baseline = true)]
    public bool Unannotated() => _fresh.Emit(Stream.Null).Success;

    [Benchmark]
    public bool Annotated()
    {
        CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(_fresh, out var output, out _);
        return output.Emit(Stream.Null).Success;
    }

    private static CSharpCompilation Compilation(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(
            "Synthetic",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    private static SyntaxTree[] Files(int methods, bool annotated)
    {
        var trees = new List<SyntaxTree>();
        for (var first = 0; first < methods; first += MethodsPerFile)
        {
            var count = System.Math.Min(MethodsPerFile, methods - first);
            var builder = new StringBuilder("using Instrumentation;\nnamespace Synthetic;\npublic sealed class Service").Append(first).Append("\n{\n");
            for (var i = first; i < first + count; i++)
            {
                if (annotated)
                {
                    builder.Append("    [Operation(\"synthetic.service.op").Append(i).Append("\")]\n");
                }

                builder.Append("    public int Op").Append(i).Append("(int value, string name) => value + name.Length;\n");
            }

            builder.Append("    public int CallAll()\n    {\n        var total = 0;\n");
            for (var i = first; i < first + count; i++)
            {
                builder.Append("        total += Op").Append(i).Append("(").Append(i).Append(", \"x\");\n");
            }

            builder.Append("        return total;\n    }\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(builder.ToString(), ParseOptions, "/src/Service" + first + ".cs"));
        }

        return trees.ToArray();
    }
}
