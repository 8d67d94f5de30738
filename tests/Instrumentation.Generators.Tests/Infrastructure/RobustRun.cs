using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Every generator run over one input the way a strict consumer builds it (nullable enabled, unsafe
/// allowed, warning level 9999), with what a robustness assertion needs: generator crashes, problems
/// inside generated files, INS diagnostics, and which calls the compiler actually intercepts.
/// </summary>
public sealed record RobustRun(
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<Diagnostic> GeneratedCodeProblems,
    IReadOnlyList<Diagnostic> UserCodeErrors,
    IReadOnlyList<string> InterceptedCalls,
    IReadOnlyList<string> GeneratedFiles)
{
    /// <summary>CS8784/CS8785 (a generator threw) and AD0001 (an analyzer threw).</summary>
    public IReadOnlyList<Diagnostic> Crashes => GeneratorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785" or "AD0001").ToList();

    /// <summary>The INS diagnostics reported by the generators.</summary>
    public IReadOnlyList<Diagnostic> Ins => GeneratorDiagnostics.Where(d => d.Id.StartsWith("INS", System.StringComparison.Ordinal)).ToList();

    public static CSharpCompilationOptions Options { get; } = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            allowUnsafe: true,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999);

    public static RobustRun Of(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources).WithOptions(Options);
        return Of(compilation);
    }

    /// <summary>The sources parsed (and the generated files compiled) with <paramref name="parseOptions"/>, e.g. another LangVersion.</summary>
    public static RobustRun Of(CSharpParseOptions parseOptions, params string[] sources)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/File" + i + ".cs"));
        var compilation = GeneratorHarness.Compile().WithOptions(Options).AddSyntaxTrees(trees);
        return Of(compilation, parseOptions);
    }

    public static RobustRun Of(CSharpCompilation compilation, CSharpParseOptions? parseOptions = null)
    {
        var driver = CSharpGeneratorDriver.Create(
            new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
            parseOptions: parseOptions ?? GeneratorHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var generatedTrees = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        // The compiler checks an interceptor against the call it replaces (CS9144, CS9148, ...) while it lowers the call:
        // only Emit reports those, GetDiagnostics does not.
        var all = GeneratorHarness.AllDiagnostics(output);
        var generatedProblems = all
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToList();
        var userErrors = all
            .Where(d => d.Severity == DiagnosticSeverity.Error && !(d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            .ToList();
        var intercepted = new List<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = output.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetInterceptorMethod(invocation) is not null)
                {
                    intercepted.Add(model.GetSymbolInfo(invocation).Symbol?.Name ?? invocation.ToString());
                }
            }
        }

        return new RobustRun(
            output,
            generatorDiagnostics,
            generatedProblems,
            userErrors,
            intercepted,
            generatedTrees.Select(t => t.FilePath).OrderBy(p => p, System.StringComparer.Ordinal).ToList());
    }

    /// <summary>A readable account of the run for assertion messages.</summary>
    public string Describe() =>
        "generator diagnostics:\n  " + string.Join("\n  ", GeneratorDiagnostics)
        + "\ngenerated-code problems:\n  " + string.Join("\n  ", GeneratedCodeProblems)
        + "\nintercepted: " + string.Join(", ", InterceptedCalls);
}
