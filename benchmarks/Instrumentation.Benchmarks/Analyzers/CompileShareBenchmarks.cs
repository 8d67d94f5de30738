using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// Issue 4: what the SDK's generators and analyzers add to a build of a synthetic project with 2,000 annotated
/// methods (and their 2,000 call sites) plus 2,000 hand-written metric calls, as a share of the whole compile.
/// Every benchmark starts from the same parsed syntax trees and a fresh <see cref="CSharpCompilation"/> (nothing is
/// bound yet, as in a command-line build):
/// <list type="bullet">
/// <item><see cref="Compile"/>: the compiler alone, on the user's and the (pre-generated) generated sources: Emit.</item>
/// <item><see cref="CompileWithGenerators"/>: generators run (cold driver), then Emit — as <c>csc</c> does.</item>
/// <item><see cref="CompileWithGeneratorsAndAnalyzers"/>: generators, then the SDK's analyzers on the generated
/// compilation, then Emit — the whole build.</item>
/// <item><see cref="CompileWithGeneratorsAndAnEmptyAnalyzer"/>: the same with a do-nothing operation analyzer, i.e. the
/// part of the analyzers' cost that is the compiler binding semantic models for them.</item>
/// <item><see cref="GeneratorsOnly"/>: the generators on their own (with the binding they need).</item>
/// </list>
/// Printed at the end of each benchmark: process CPU time per invocation (robust to other load on a shared machine) and
/// the analyzers' own execution time per analyzer (from <see cref="CompilationWithAnalyzers.GetAnalyzerTelemetryInfoAsync"/>
/// with <c>logAnalyzerExecutionTime</c>).
/// </summary>
[MemoryDiagnoser]
public class CompileShareBenchmarks
{
    private const int Files = 20;
    private const int PerFile = 100;

    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    private static readonly ConcurrentDictionary<string, List<double>> AnalyzerMilliseconds = new();
    private static readonly ConcurrentDictionary<string, List<double>> CpuSeconds = new();

    private ImmutableArray<SyntaxTree> _userTrees;
    private ImmutableArray<SyntaxTree> _generatedTrees;
    private List<MetadataReference> _references = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private ISourceGenerator[] _generators = null!;

    [GlobalSetup]
    public void Setup()
    {
        _references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location))
            .ToList();
        _userTrees = SyntheticProject.Sources(Files, PerFile)
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path))
            .ToImmutableArray();
        _generators = typeof(Instrumentation.Generators.Operations.OperationGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToArray();
        _analyzers = LoadAnalyzers();

        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var generated, out var generatorDiagnostics);
        _generatedTrees = generated.SyntaxTrees.Skip(_userTrees.Length).ToImmutableArray();
        var errors = generated.GetDiagnostics().Concat(generatorDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || _generatedTrees.Length == 0)
        {
            throw new InvalidOperationException("the synthetic project does not build: " + string.Join("\n", errors.Take(5)));
        }

        using (var stream = new MemoryStream())
        {
            var emitted = NewCompilation().AddSyntaxTrees(_generatedTrees).Emit(stream);
            if (!emitted.Success)
            {
                throw new InvalidOperationException("the synthetic project with its generated sources does not emit: " + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
            }
        }

        var analyzerDiagnostics = NewCompilation().AddSyntaxTrees(_generatedTrees).WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine("// synthetic project: " + _userTrees.Length + " files, " + _generatedTrees.Length + " generated files, "
            + analyzerDiagnostics.Length + " analyzer diagnostics (" + string.Join(", ", analyzerDiagnostics.GroupBy(d => d.Id).Select(g => g.Key + " x" + g.Count())) + ")");
    }

    [Benchmark(Baseline = true)]
    public bool Compile() => Cpu(nameof(Compile), () => Emit(NewCompilation().AddSyntaxTrees(_generatedTrees)));

    [Benchmark]
    public bool CompileWithGenerators() => Cpu(nameof(CompileWithGenerators), () =>
    {
        NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var generated, out _);
        return Emit(generated);
    });

    [Benchmark]
    public bool CompileWithGeneratorsAndAnalyzers() => Cpu(nameof(CompileWithGeneratorsAndAnalyzers), () => CompileAnalyzed(_analyzers, telemetry: true));

    /// <summary>
    /// The same build with one analyzer that registers an operation action and does nothing: what any operation-based
    /// analyzer costs the build (semantic models bound for every method body), which the .NET SDK's own analyzers
    /// already pay in a project that runs them.
    /// </summary>
    [Benchmark]
    public bool CompileWithGeneratorsAndAnEmptyAnalyzer() => Cpu(nameof(CompileWithGeneratorsAndAnEmptyAnalyzer), () => CompileAnalyzed(ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer()), telemetry: false));

    [Benchmark]
    public int GeneratorsOnly() => Cpu(nameof(GeneratorsOnly), () =>
    {
        NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var generated, out _);
        return generated.SyntaxTrees.Count();
    });

    [GlobalCleanup]
    public void Cleanup()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        foreach (var pair in CpuSeconds)
        {
            // The first invocation is the warm-up.
            var measured = pair.Value.Skip(1).DefaultIfEmpty(pair.Value[0]).ToList();
            report.Append("// CPU time per invocation of ").Append(pair.Key).Append(": ").Append(measured.Average().ToString("F2", invariant))
                .Append(" s (").Append(string.Join(", ", pair.Value.Select(v => v.ToString("F2", invariant)))).Append(")\n");
        }

        if (!AnalyzerMilliseconds.IsEmpty)
        {
            report.Append("// analyzer execution time (telemetry, summed over threads) per invocation, mean of ").Append(AnalyzerMilliseconds.First().Value.Count).Append(":\n");
            foreach (var pair in AnalyzerMilliseconds.OrderByDescending(p => p.Value.Average()))
            {
                report.Append("//   ").Append(pair.Key).Append(": ").Append(pair.Value.Average().ToString("F1", invariant)).Append(" ms\n");
            }

            report.Append("//   total: ").Append(AnalyzerMilliseconds.Sum(p => p.Value.Average()).ToString("F1", invariant)).Append(" ms\n");
        }

        Console.Write(report.ToString());
        CpuSeconds.Clear();
        AnalyzerMilliseconds.Clear();
    }

    /// <summary>Generators, then the analyzers' diagnostics on the generated compilation, then Emit (which reports the compiler's own).</summary>
    private bool CompileAnalyzed(ImmutableArray<DiagnosticAnalyzer> analyzers, bool telemetry)
    {
        NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var generated, out _);
        var withAnalyzers = generated.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: telemetry, reportSuppressedDiagnostics: false));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (telemetry)
        {
            foreach (var analyzer in analyzers)
            {
                var info = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                AnalyzerMilliseconds.GetOrAdd(analyzer.GetType().Name, _ => new List<double>()).Add(info.ExecutionTime.TotalMilliseconds);
            }
        }

        return Emit(generated) && diagnostics.Length >= 0;
    }

    /// <summary>Runs <paramref name="body"/> and records the process CPU time it took (robust to other load on a shared machine).</summary>
    private static T Cpu<T>(string name, Func<T> body)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var result = body();
        var after = Process.GetCurrentProcess().TotalProcessorTime;
        CpuSeconds.GetOrAdd(name, _ => new List<double>()).Add((after - before).TotalSeconds);
        return result;
    }

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("Synthetic", _userTrees, _references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(_generators, parseOptions: ParseOptions);

    private static bool Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Success;
    }

    /// <summary>The SDK's analyzers, loaded from their assembly the way the compiler loads them.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Instrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        var configuration = typeof(CompileShareBenchmarks).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = Path.Combine(directory ?? throw new InvalidOperationException("repository root not found"), "src", "Analyzers", "bin", configuration, "netstandard2.0", "Instrumentation.Analyzers.dll");
        var analyzers = new AnalyzerFileReference(path, new AnalyzerLoader()).GetAnalyzers(LanguageNames.CSharp);
        if (analyzers.IsEmpty)
        {
            throw new InvalidOperationException("no analyzers in " + path);
        }

        return analyzers;
    }

    /// <summary>Registers an operation action that does nothing (instantiated directly, never loaded by a compiler).</summary>
#pragma warning disable RS1001, RS1041, RS1036, RS2008 // an analyzer for measurement only, not shipped in an analyzer assembly
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("BENCH0001", "unused", "unused", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, Microsoft.CodeAnalysis.OperationKind.Invocation, Microsoft.CodeAnalysis.OperationKind.ObjectCreation);
        }
    }
#pragma warning restore RS1001, RS1041, RS1036, RS2008

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
