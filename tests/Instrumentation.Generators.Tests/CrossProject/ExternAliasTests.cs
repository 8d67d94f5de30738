using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// Assemblies the project references under an <c>extern alias</c> only (<c>Aliases="lib"</c>): generated code names types
/// <c>global::…</c>, which does not reach them, and strangers' trials (al1–al3) got CS0400 in generated files. Now each
/// method that would need such a name is reported — a call or an operation not instrumented (a warning, the build
/// unchanged), a log method the generator cannot write (an error at it) — with the fix, and with
/// <c>Aliases="global,lib"</c> everything is generated as usual.
/// </summary>
public sealed class ExternAliasTests
{
    private const string Library = """
        using Instrumentation;
        namespace Lib;
        public sealed class Thing
        {
            public int Value { get; set; } = 3;
        }

        public static class Store
        {
            [Operation("lib.put")]
            public static int Put(int x) => x + 1;
        }
        """;

    [Fact]
    public void A_call_of_an_annotated_method_of_an_aliased_library_is_reported_not_broken()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library);
        const string consumer = """
            extern alias lib;

            public static class Entry
            {
                public static int Run() => lib::Lib.Store.Put(1);
            }
            """;

        var run = Consumer(consumer, library, "lib");

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        var reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("INS0030", DiagnosticSeverity.Warning), (reported.Id, reported.Severity));
        Assert.Contains("extern alias 'lib'", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Contains("Aliases=\"global,lib\"", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
        Assert.Equal(2, CrossProjectHarness.Load(run, library).GetType("Entry")!.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void An_operation_whose_signature_names_an_aliased_type_is_reported_not_broken()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library, withGenerator: false);
        const string consumer = """
            extern alias lib;
            using Instrumentation;

            public static class Entry
            {
                [Operation("app.use")]
                public static int Use(lib::Lib.Thing thing) => thing.Value;

                public static int Run() => Use(new lib::Lib.Thing());
            }
            """;

        var run = Consumer(consumer, library, "lib");

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        var reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("INS0007", DiagnosticSeverity.Warning), (reported.Id, reported.Severity));
        Assert.Contains("'Thing' of the assembly '" + library.AssemblyName + "'", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal(3, CrossProjectHarness.Load(run, library).GetType("Entry")!.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void A_log_method_whose_signature_names_an_aliased_type_is_an_error_at_it_not_in_a_generated_file()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library, withGenerator: false);
        const string consumer = """
            extern alias lib;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "used {thing}")]
                public static partial void Used(ILogger logger, lib::Lib.Thing thing);
            }
            """;
        var compilation = GeneratorHarness.CompileAs(CrossProjectHarness.UniqueName("App"), consumer).AddReferences(library.Reference.WithAliases(new[] { "lib" }));

        var run = GeneratorHarness.Run(new LogMethodGenerator(), compilation);

        Assert.DoesNotContain(run.GeneratedSources, s => s.Key.StartsWith("Logging.", System.StringComparison.Ordinal));
        var reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("INS0100", DiagnosticSeverity.Error), (reported.Id, reported.Severity));
        Assert.Contains("extern alias 'lib'", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);

        // What is left is the compiler's own error at the declaration without a body; nothing in a generated file.
        Assert.Equal(new[] { "CS8795" }, run.Problems.Select(p => p.Id).Distinct());
        Assert.All(run.Problems, p => Assert.Equal("/src/File0.cs", p.Location.SourceTree?.FilePath));
    }

    [Fact]
    public void A_call_in_a_project_that_references_the_SDK_under_an_alias_only_is_reported_not_broken()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library);
        var compilation = GeneratorHarness.CompileAs(CrossProjectHarness.UniqueName("App"), "public static class Entry { public static int Run() => Lib.Store.Put(1); }")
            .AddReferences(library.Reference);
        var sdk = compilation.References.Single(r => r.Display?.EndsWith("Instrumentation.Runtime.dll", System.StringComparison.Ordinal) == true);
        compilation = compilation.ReplaceReference(sdk, sdk.WithAliases(new[] { "sdk" }));

        var run = GeneratorHarness.Run(new OperationGenerator(), compilation);

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        var reported = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0030", reported.Id);
        var message = reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(message.Contains("'Instrumentation.Runtime', which this project references under the extern alias 'sdk' only", System.StringComparison.Ordinal), message);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
    }

    [Fact]
    public void With_the_global_alias_too_everything_is_generated()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Lib"), Library);
        const string consumer = """
            extern alias lib;

            public static class Entry
            {
                public static int Run() => lib::Lib.Store.Put(1) + Lib.Store.Put(2);
            }
            """;

        var run = Consumer(consumer, library, "global", "lib");

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(2, CrossProjectHarness.Interceptors(run).Count);
        Assert.Equal(5, CrossProjectHarness.Load(run, library).GetType("Entry")!.GetMethod("Run")!.Invoke(null, null));
    }

    private static GeneratorRun Consumer(string source, CompiledLibrary library, params string[] aliases)
    {
        var compilation = GeneratorHarness.CompileAs(CrossProjectHarness.UniqueName("App"), source).AddReferences(library.Reference.WithAliases(aliases));
        return GeneratorHarness.Run(new OperationGenerator(), compilation);
    }
}
