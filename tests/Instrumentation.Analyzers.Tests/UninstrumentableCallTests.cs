using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>Rule 5: calls the generator cannot instrument (INS1030, INS1031, and async void via the generator's INS0007).</summary>
public sealed class UninstrumentableCallTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    [Fact]
    public async Task INS1030_method_group_and_the_lambda_fix_with_fix_all()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = {|INS1030:Run|}; var n = nameof(Run); Func<int, int> g = x => Run(x); Func<int, int> h = {|INS1030:Run|}; }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = arg => Run(arg); var n = nameof(Run); Func<int, int> g = x => Run(x); Func<int, int> h = arg => Run(arg); }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer>.AnalyzerAsync(source);
        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task INS1030_on_a_method_group_passed_as_a_Delegate_warns_that_a_lambda_loses_its_names_and_attributes()
    {
        // app.MapPost("/mg/{org}", Handlers.Ingest): ASP.NET Core reads the handler's parameter names (route and query
        // binding) and attributes ([Authorize]); a trial that wrapped it as "wrap it in a lambda" said made an
        // [Authorize] endpoint anonymous. No code fix is offered there (the target has no Invoke), and the advice differs.
        const string source = Usings + """
            public sealed class AuthorizeAttribute : Attribute { }
            public static class Handlers { [Operation("handlers.ingest"), Authorize] public static int Ingest(string org, int n) => n; }
            public static class Routes
            {
                public static void MapPost(string pattern, Delegate handler) { }
                public static void Map()
                {
                    MapPost("/mg/{org}", Handlers.Ingest);
                    Func<string, int, int> f = Handlers.Ingest;
                }
            }
            """;

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(source)).Where(d => d.Id == "INS1030").OrderBy(d => d.Location.SourceSpan.Start).ToList();

        Assert.Equal(2, diagnostics.Count);
        Assert.Equal(
            "'Handlers.Ingest(string, int)' is instrumented, but calls through this delegate are not: it is passed as a Delegate (a minimal API handler), whose parameter names and attributes ([Authorize], [FromBody], …) the framework reads and a lambda that calls it would not have; keep the method group and annotate the methods of your own it calls, or give the lambda the same parameter names and attributes",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            "'Handlers.Ingest(string, int)' is instrumented, but calls through this delegate are not: wrap it in a lambda",
            diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task INS1030_on_a_function_pointer_gives_advice_that_can_be_followed()
    {
        // A stranger's trial: "wrap it in a lambda" for '&Svc.Twice', where a lambda cannot be the target of '&'.
        const string source = Usings + """
            public static unsafe class Svc
            {
                [Operation("svc.twice")] public static int Twice(int x) => x * 2;
                public static int Use() { delegate*<int, int> fp = &Twice; return fp(2); }
            }
            """;

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(source)).Where(d => d.Id == "INS1030").ToList();

        var diagnostic = Assert.Single(diagnostics);
        Assert.EndsWith(
            "it is taken as a function pointer (&method), which calls it directly, and a lambda cannot be the target of &; point the function pointer at a static method of your own that calls this one",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task INS1030_extension_method_group_with_a_receiver_becomes_a_call_on_that_receiver()
    {
        // The shape MoreLINQ's tests have (docs/real-world.md): Assert.That(result.Consume, Throws...) with NUnit's
        // parameterless TestDelegate, Consume a generic extension method.
        const string source = Usings + """
            public static class Sequence { [Operation("sequence.consume")] public static void Consume<T>(this System.Collections.Generic.IEnumerable<T> source) { } }
            public delegate void TestDelegate();
            public class C
            {
                static void That(TestDelegate code) => code();
                public void M(int[] result) => That({|INS1030:result.Consume|});
            }
            """;
        const string fixedSource = Usings + """
            public static class Sequence { [Operation("sequence.consume")] public static void Consume<T>(this System.Collections.Generic.IEnumerable<T> source) { } }
            public delegate void TestDelegate();
            public class C
            {
                static void That(TestDelegate code) => code();
                public void M(int[] result) => That(() => result.Consume());
            }
            """;

        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task INS1030_fix_names_the_lambda_parameters_apart_from_the_receiver_and_from_what_is_in_scope()
    {
        // "arg => arg.Combine(arg)" would compile and call Combine on the lambda's argument instead of the receiver.
        const string source = Usings + """
            public class Node
            {
                [Operation("node.combine")] public Node Combine(Node other) => other;
                [Operation("node.add")] public int Add(int a, int b) => a + b;
            }
            public class C
            {
                public void M(Node arg, int arg1)
                {
                    Func<Node, Node> f = {|INS1030:arg.Combine|};
                    var arg0 = arg;
                    Func<int, int, int> g = {|INS1030:arg0.Add|};
                }
            }
            """;
        const string fixedSource = Usings + """
            public class Node
            {
                [Operation("node.combine")] public Node Combine(Node other) => other;
                [Operation("node.add")] public int Add(int a, int b) => a + b;
            }
            public class C
            {
                public void M(Node arg, int arg1)
                {
                    Func<Node, Node> f = arg2 => arg.Combine(arg2);
                    var arg0 = arg;
                    Func<int, int, int> g = (arg2, arg3) => arg0.Add(arg2, arg3);
                }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Theory]
    [InlineData("Other.Namespace", null, true)]
    [InlineData("Other.Namespace;Instrumentation.Generated", null, false)]
    [InlineData("Other.Namespace", "false", false)]
    public async Task INS1031_calls_when_the_project_does_not_enable_the_interceptors_namespace(string interceptorsNamespaces, string? instrumentationEnabled, bool reported)
    {
        // Reported at the call when the namespace is missing; not when it is there, nor when instrumentation is compiled out.
        var test = new VerifyAll.Test
        {
            TestCode = Usings + "public class C { [Operation(\"job.run\")] public void Run() { } public void M() => " + (reported ? "{|#0:Run()|}" : "Run()") + "; }",
            InterceptorsNamespaces = interceptorsNamespaces,
        };
        if (instrumentationEnabled is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.InstrumentationEnabled = " + instrumentationEnabled + "\n"));
        }

        if (reported)
        {
            test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1031").WithLocation(0).WithArguments("C.Run()"));
        }

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS1031_calls_of_a_referenced_projects_operation_when_the_interceptors_namespace_is_missing_and_the_build_still_compiles()
    {
        // A newcomer's trial: a later target replaced InterceptorsNamespaces, and the calls of a package's operations broke
        // the build with CS9137 in the generated file for referenced operations; with the generators present (as users have
        // them) the calls are INS1031 and nothing else.
        var test = new VerifyAll.Test
        {
            TestCode = Usings + "public class C { public int M() => {|#0:Lib.BlobStore.Count(\"photos\")|}; }",
            InterceptorsNamespaces = "Microsoft.Extensions.Configuration.Binder.SourceGeneration",
            WithGenerators = true,
        };
        var lib = new Microsoft.CodeAnalysis.Testing.ProjectState("Lib", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Lib/", "cs");
        lib.AdditionalReferences.AddRange(AnalyzerHarness.References);
        lib.Sources.Add(("/Lib/BlobStore.cs", "using Instrumentation;\nnamespace Lib;\npublic static class BlobStore { [Operation(\"storage.blob.count\")] public static int Count(string container) => container.Length; }\n"));
        test.TestState.AdditionalProjects.Add("Lib", lib);
        test.TestState.AdditionalProjectReferences.Add("Lib");
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1031").WithLocation(0).WithArguments("BlobStore.Count(string)"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Async_void_is_reported_once_by_the_whole_chain_as_the_generators_INS0007_at_the_method_name()
    {
        // Rule 5's async void is the generator's (it decides what it cannot instrument); the analyzers add nothing.
        var test = new VerifyAll.Test
        {
            TestCode = Usings + """
                public class C
                {
                    [Operation("job.fire")]
                    public async void {|#0:Fire|}() { await Task.Yield(); }
                    public void M() => Fire();
                }
                """,
            WithGenerators = true,
        };
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS0007").WithLocation(0)
            .WithArguments("C.Fire()", "async void methods cannot be awaited, so their completion and failures cannot be observed; return Task"));

        await test.RunAsync(CancellationToken.None);
    }
}
