using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Basic.Reference.Assemblies;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>The outcome of running generators over sources.</summary>
public sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    IReadOnlyDictionary<string, string> GeneratedSources,
    GeneratorDriver Driver)
{
    /// <summary>Compiler errors and warnings of the generated output (hidden/info excluded).</summary>
    public IReadOnlyList<Diagnostic> Problems =>
        CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Emits the output compilation and loads it into a collectible context.</summary>
    public Assembly Load() => GeneratorHarness.Load(Output);
}

/// <summary>
/// Runs our generators with <see cref="CSharpGeneratorDriver"/> over in-memory sources compiled
/// against the .NET 10 reference assemblies and the SDK runtime (no Microsoft testing packages needed).
/// </summary>
public static class GeneratorHarness
{
    /// <summary>
    /// Emits <paramref name="compilation"/> and loads it into a collectible context: a generator run's output, or the same
    /// sources compiled without the generators (the plain build a behaviour test compares the instrumented one with).
    /// </summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", result.Diagnostics));
        }

        var context = new System.Runtime.Loader.AssemblyLoadContext(Guid.NewGuid().ToString("N"), isCollectible: true);
        stream.Position = 0;
        return context.LoadFromStream(stream);
    }

    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var references = Net100.References.All.Cast<MetadataReference>().ToList();
        foreach (var assembly in new[]
                 {
                     typeof(Instrumentation.IngestAttribute).Assembly,
                     typeof(Microsoft.Extensions.Logging.ILogger).Assembly,
                     typeof(Microsoft.Extensions.Logging.LoggerMessage).Assembly,
                     typeof(Microsoft.Extensions.Compliance.Classification.DataClassification).Assembly,
                 })
        {
            references.Add(MetadataReference.CreateFromFile(assembly.Location));
        }

        return references.ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) => CompileAs("TestAssembly", sources);

    public static CSharpCompilation CompileAs(string assemblyName, params string[] sources)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: "/src/File" + i + ".cs"));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorRun Run(IIncrementalGenerator generator, string source, IReadOnlyDictionary<string, string>? msbuildProperties = null) =>
        Run(generator, Compile(source), msbuildProperties);

    public static GeneratorRun Run(IIncrementalGenerator generator, CSharpCompilation compilation, IReadOnlyDictionary<string, string>? msbuildProperties = null)
    {
        var driver = CreateDriver(generator, msbuildProperties);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(
            compilation,
            output,
            generatorDiagnostics,
            AllDiagnostics(output),
            driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString()),
            driver);
    }

    /// <summary>
    /// The compilation's diagnostics and those only Emit reports: the compiler checks each interceptor against the call
    /// it replaces (signature, ref kinds, <c>this</c> of a readonly member: CS9144, CS9148, ...) while lowering the call.
    /// </summary>
    /// <remarks>
    /// Read from <see cref="WithNullableWarnings"/>: every generated file is checked with nullable warnings on, which a
    /// user's build leaves off in it.
    /// </remarks>
    public static ImmutableArray<Diagnostic> AllDiagnostics(Compilation compilation)
    {
        var checkedCompilation = WithNullableWarnings(compilation);
        return checkedCompilation.GetDiagnostics().Concat(checkedCompilation.Emit(Stream.Null).Diagnostics).Distinct().ToImmutableArray();
    }

    /// <summary>
    /// <paramref name="compilation"/> with nullable warnings on in every generated file. The generator turns the
    /// compiler's nullable flow analysis off in its files (<c>GeneratedNullableContext</c>: a user's build does not re-check
    /// them), so the tests check them with it on: warning-free generated code is the SDK's promise, and this is where
    /// it is kept. The line is replaced by a comment, so every location stays where it was.
    /// </summary>
    public static Compilation WithNullableWarnings(Compilation compilation)
    {
        var result = compilation;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText();
            var at = text.ToString().IndexOf(GeneratedNullableContext.WarningsOffLine, StringComparison.Ordinal);
            if (at >= 0)
            {
                var on = text.Replace(new TextSpan(at, GeneratedNullableContext.WarningsOffLine.Length), "// nullable warnings on: the tests' check");
                result = result.ReplaceSyntaxTree(tree, tree.WithChangedText(on));
            }
        }

        return result;
    }

    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, IReadOnlyDictionary<string, string>? msbuildProperties = null)
    {
        return CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            additionalTexts: null,
            parseOptions: ParseOptions,
            optionsProvider: new TestOptionsProvider(msbuildProperties ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    private sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions _global;

        public TestOptionsProvider(IReadOnlyDictionary<string, string> msbuildProperties)
        {
            _global = new TestOptions(msbuildProperties.ToDictionary(p => "build_property." + p.Key, p => p.Value));
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;
    }

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _values;

        public TestOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
