using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A call the project intercepts with an interceptor of its own: a call takes one interceptor, and the SDK's second one
/// was CS9153 in the build (a stranger's trial). The SDK leaves such a call to the project's interceptor and says so with
/// INS0029 (info, at the call); the project's interceptor can call the annotated method, and that call is instrumented.
/// </summary>
public sealed class ProjectInterceptorTests
{
    private const string Calls = """
        using Instrumentation;

        public static class Svc
        {
            [Operation("svc.twice")]
            public static int Twice(int x) => x * 2;
        }

        public static class Entry
        {
            public static int Mine() => Svc.Twice(21);

            public static int Ours() => Svc.Twice(5);
        }
        """;

    [Fact]
    public void A_call_the_project_intercepts_itself_is_left_to_its_interceptor_with_INS0029()
    {
        var calls = GeneratorHarness.Compile().WithOptions(RobustRun.Options).AddSyntaxTrees(Parse(Calls, "/src/File0.cs"));
        var (call, mine) = InterceptorOf(calls, "Svc.Twice(21)", "Svc.Twice");

        var run = RobustRun.Of(calls.AddSyntaxTrees(Parse(mine, "/src/File1.cs")), WithProjectNamespace);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe() + string.Join("\n", run.UserCodeErrors));
        var reported = Assert.Single(run.Ins);
        Assert.Equal("INS0029", reported.Id);
        Assert.Equal(DiagnosticSeverity.Info, reported.Severity);
        Assert.Equal("/src/File0.cs", reported.Location.SourceTree!.FilePath);
        Assert.Equal(call, reported.Location.SourceSpan);
        Assert.Contains("MyInterceptors.Twice(int)", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);

        // The project's call goes to the project's interceptor; the other call of the method, and the call inside the
        // project's interceptor, to the SDK's.
        Assert.Equal("Mine.MyInterceptors", InterceptorAt(run.Output, "/src/File0.cs", "Svc.Twice(21)"));
        Assert.NotEqual("Mine.MyInterceptors", InterceptorAt(run.Output, "/src/File0.cs", "Svc.Twice(5)"));
        Assert.NotNull(InterceptorAt(run.Output, "/src/File1.cs", "Svc.Twice(x)"));

        var entry = GeneratorHarness.Load(run.Output).GetType("Entry")!;
        Assert.Equal(-42, entry.GetMethod("Mine")!.Invoke(null, null));
        Assert.Equal(10, entry.GetMethod("Ours")!.Invoke(null, null));
    }

    [Fact]
    public void A_call_of_a_referenced_annotated_method_the_project_intercepts_itself_gets_INS0029()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), """
            using Instrumentation;
            namespace Lib;
            public static class Svc
            {
                [Operation("lib.twice")]
                public static int Twice(int x) => x * 2;
            }
            """);
        const string consumer = """
            public static class Entry
            {
                public static int Mine() => Lib.Svc.Twice(21);
            }
            """;
        var consumerName = CrossProjectHarness.UniqueName("App");
        var compilation = GeneratorHarness.CompileAs(consumerName).AddSyntaxTrees(Parse(consumer, "/src/File0.cs")).AddReferences(library.Reference);
        var (call, mine) = InterceptorOf(compilation, "Lib.Svc.Twice(21)", "Lib.Svc.Twice");
        var input = compilation.AddSyntaxTrees(Parse(mine, "/src/Mine.cs"));

        var driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: WithProjectNamespace)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        var run = new GeneratorRun(input, output, generatorDiagnostics, GeneratorHarness.AllDiagnostics(output), new System.Collections.Generic.Dictionary<string, string>(), driver);

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        var reported = Assert.Single(run.GeneratorDiagnostics, d => d.Id.StartsWith("INS", System.StringComparison.Ordinal));
        Assert.Equal("INS0029", reported.Id);
        Assert.Equal(call, reported.Location.SourceSpan);
        Assert.Equal("Mine.MyInterceptors", InterceptorAt(run.Output, "/src/File0.cs", "Lib.Svc.Twice(21)"));
        Assert.Equal(-42, CrossProjectHarness.Load(run, library).GetType("Entry")!.GetMethod("Mine")!.Invoke(null, null));
    }

    /// <summary>The span of the call <paramref name="callText"/> and the source of a project interceptor of it that negates the method's result.</summary>
    private static (Microsoft.CodeAnalysis.Text.TextSpan Call, string Source) InterceptorOf(CSharpCompilation compilation, string callText, string method)
    {
        var tree = compilation.SyntaxTrees[0];
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.ToString() == callText);
        var location = compilation.GetSemanticModel(tree).GetInterceptableLocation(call)!;
        var source = $$"""
            namespace System.Runtime.CompilerServices
            {
                [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
                internal sealed class InterceptsLocationAttribute(int version, string data) : Attribute
                {
                    public int Version { get; } = version;
                    public string Data { get; } = data;
                }
            }

            namespace Mine
            {
                internal static class MyInterceptors
                {
                    [System.Runtime.CompilerServices.InterceptsLocation({{location.Version}}, "{{location.Data}}")]
                    public static int Twice(int x) => -{{method}}(x);
                }
            }
            """;
        return (call.Span, source);
    }

    /// <summary>As the project parses its files: its interceptors' namespace listed in <c>InterceptorsNamespaces</c> beside the SDK's.</summary>
    private static readonly CSharpParseOptions WithProjectNamespace = GeneratorHarness.ParseOptions.WithFeatures(new[]
    {
        new System.Collections.Generic.KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated;Mine"),
    });

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, WithProjectNamespace, path);

    private static string? InterceptorAt(Compilation output, string path, string callText)
    {
        var tree = output.SyntaxTrees.Single(t => t.FilePath == path);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.ToString() == callText);
        return output.GetSemanticModel(tree).GetInterceptorMethod(call)?.ContainingType.ToDisplayString();
    }
}
