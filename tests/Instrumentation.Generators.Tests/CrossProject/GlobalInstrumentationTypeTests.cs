using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// A type named <c>Instrumentation</c> in the global namespace, the SDK's root namespace (strangers' trials x3 and x4).
/// The project's own: every <c>global::Instrumentation.…</c> name in generated code would bind to it and the generated
/// namespaces collide with it (CS0101) — nothing is generated and INS0033 (a warning: the build stays as without the SDK) says why. A referenced assembly's:
/// the namespace wins, with a warning (CS0435) the generated files suppress. (A project with such a type cannot name the
/// SDK's attributes either — <c>global::Instrumentation.Operation</c> is the type too — so only calls of a referenced
/// library's annotated methods would be generated there.)
/// </summary>
public sealed class GlobalInstrumentationTypeTests
{
    private const string Library = """
        using Instrumentation;
        namespace Lib;
        public class Store
        {
            [Operation("lib.put")]
            public int Put(int x) => x + 1;
        }
        """;

    private const string Legacy = """
        // a legacy helper in the global namespace
        public static class Instrumentation
        {
            public static int Counter;
        }
        """;

    [Fact]
    public void The_projects_own_global_type_named_Instrumentation_gets_INS0033_and_nothing_generated()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library);
        var consumer = """
            public static class Entry
            {
                public static int Run() => new Lib.Store().Put(1) + Instrumentation.Counter;
            }

            """ + Legacy;

        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, library);

        // The project's own code meets the SDK's namespace too (CS0437, a warning, with or without the generators).
        Assert.Empty(run.GeneratedSources);
        Assert.True(run.Problems.All(p => p.Id == "CS0437"), string.Join("\n", run.Problems));
        var reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0033", reported.Id);
        Assert.Equal(DiagnosticSeverity.Warning, reported.Severity);
        var type = run.Input.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "Instrumentation");
        Assert.Equal(type.Identifier.Span, reported.Location.SourceSpan);
        Assert.Equal(2, CrossProjectHarness.Load(run, library).GetType("Entry")!.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void A_type_of_the_project_named_like_an_SDK_namespace_gets_INS0033_from_each_generator_with_something_to_generate()
    {
        // A stranger's hostile name: the project's own namespace Instrumentation with a type Operations. The SDK's attributes
        // are still reachable (namespace Instrumentation), but global::Instrumentation.Operations is the type (CS0437 and
        // errors in the generated file, before).
        var run = RobustRun.Of("""
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            namespace Instrumentation
            {
                public static class Operations
                {
                    public static int Count;
                }
            }

            public static partial class Shop
            {
                [Operation("shop.make")]
                public static int Make(int n) => n + Instrumentation.Operations.Count;

                public static int Call() => Make(1);

                [LogMethod(LogLevel.Information, "made {n}")]
                public static partial void Made(ILogger logger, int n);
            }
            """);

        Assert.Empty(run.Crashes);
        Assert.Empty(run.GeneratedFiles);
        Assert.Equal(new[] { "INS0033", "INS0033" }, run.Ins.Select(d => d.Id));
        Assert.All(run.Ins, d => Assert.Contains("'Instrumentation.Operations'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal));
        Assert.Equal(new[] { "CS8795" }, run.UserCodeErrors.Select(d => d.Id));
    }

    [Fact]
    public void Such_a_type_in_a_project_that_generates_nothing_is_not_reported()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), "public static class Entry { public static int Run() => Instrumentation.Counter; }\n" + Legacy);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void A_referenced_assemblys_global_type_named_Instrumentation_leaves_the_generated_code_warning_free()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library);
        var legacy = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Legacy"), Legacy, withGenerator: false);
        const string consumer = """
            public static class Entry
            {
                public static int Run() => new Lib.Store().Put(1);
            }
            """;

        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, library, legacy);

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0033");
        Assert.Single(CrossProjectHarness.Interceptors(run));
        Assert.Equal(2, CrossProjectHarness.Load(run, library, legacy).GetType("Entry")!.GetMethod("Run")!.Invoke(null, null));
    }
}
