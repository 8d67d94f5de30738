using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// The SDK's generators run next to stand-ins for other source generators (Vogen, System.Text.Json, …), whose main-phase
/// output the SDK's generators do not see and the final compilation does — the way a user's build has them.
/// </summary>
public static class OtherGenerators
{
    /// <summary>Runs the generators over <paramref name="source"/>, each stand-in adding one file (hint name, text).</summary>
    public static (Compilation Output, IReadOnlyList<Diagnostic> Diagnostics) Run(string source, params (string HintName, string Text)[] standIns) =>
        RunWith(GeneratorHarness.ParseOptions, source, standIns);

    /// <summary>As <see cref="Run"/>, with the sources and generated files parsed with <paramref name="parseOptions"/> (another LangVersion).</summary>
    public static (Compilation Output, IReadOnlyList<Diagnostic> Diagnostics) RunWith(CSharpParseOptions parseOptions, string source, params (string HintName, string Text)[] standIns)
    {
        var generators = new List<ISourceGenerator> { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() };
        generators.AddRange(standIns.Select(s => new StandIn(s.HintName, s.Text).AsSourceGenerator()));
        var driver = CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions);
        var compilation = GeneratorHarness.Compile().WithOptions(RobustRun.Options).AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/File0.cs"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics);
    }

    /// <summary>Every call in the user's (first) file, as written, and whether the compiler intercepts it.</summary>
    public static IEnumerable<(string Text, bool Intercepted)> Calls(Compilation output)
    {
        var tree = output.SyntaxTrees.First();
        var model = output.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => (i.ToString(), model.GetInterceptorMethod(i) is not null));
    }

    /// <summary>The calls in the user's file that the compiler intercepts, as written.</summary>
    public static List<string> Intercepted(Compilation output) => Calls(output).Where(c => c.Intercepted).Select(c => c.Text).ToList();

    private sealed class StandIn(string hintName, string text) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(context.CompilationProvider, (output, _) => output.AddSource(hintName, text));
    }
}
