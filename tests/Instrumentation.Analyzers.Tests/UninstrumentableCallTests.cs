using System.Linq;
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
    public async Task INS1031_calls_when_the_project_does_not_enable_the_interceptors_namespace()
    {
        const string source = Usings + "public class C { [Operation(\"job.run\")] public void Run() { } public void M() => Run(); }";

        var off = await AnalyzerHarness.DiagnosticsAsync(source, interceptorsNamespaces: "Other.Namespace");
        var on = await AnalyzerHarness.DiagnosticsAsync(source, interceptorsNamespaces: "Other.Namespace;Instrumentation.Generated");
        var compiledOut = await AnalyzerHarness.DiagnosticsAsync(source, new System.Collections.Generic.Dictionary<string, string> { ["build_property.InstrumentationEnabled"] = "false" }, interceptorsNamespaces: "Other.Namespace");

        Assert.Equal("Run()", Assert.Single(off).At(source));
        Assert.Empty(on);
        Assert.Empty(compiledOut);
    }

    [Fact]
    public async Task Async_void_is_reported_once_by_the_whole_chain_as_the_generators_INS0007_at_the_method_name()
    {
        // Rule 5's async void is the generator's (it decides what it cannot instrument); the analyzers add nothing.
        const string source = Usings + """
            public class C
            {
                [Operation("job.fire")]
                public async void Fire() { await Task.Yield(); }
                public void M() => Fire();
            }
            """;

        var diagnostic = Assert.Single(await AnalyzerHarness.BuildDiagnosticsAsync(source));

        Assert.Equal("INS0007", diagnostic.Id);
        Assert.Equal("Fire", diagnostic.At(source));
        Assert.Contains("async void", diagnostic.GetMessage());
    }
}
