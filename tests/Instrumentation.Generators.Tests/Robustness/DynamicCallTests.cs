using System.Linq;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A call with a dynamic argument is bound at run time: the compiler accepts an interceptor for it but emits a run-time
/// binder call that never reaches the interceptor (a reviewer read the IL), so the call ran without a span while the
/// analyzers took it for instrumented. It is now left alone and reported (INS0020).
/// </summary>
public sealed class DynamicCallTests
{
    [Fact]
    public void A_call_with_a_dynamic_argument_is_INS0020_and_not_intercepted()
    {
        const string source = """
            using Instrumentation;
            namespace App;
            public static class Ops
            {
                [Operation("ops.describe")] public static int Describe(object value) => 1;
                public static int Use(dynamic late, object early) => Describe(late) + Describe(early) + Describe((object)late);
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("INS0020", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal("Describe(late)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(new[] { "Describe(early)", "Describe((object)late)" }, OtherGenerators.Intercepted(output));
        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_dynamic_call_of_a_referenced_operation_is_one_INS0020_and_not_intercepted()
    {
        // Found on Newtonsoft.Json's tests: the referenced-operation path reported its own, garbled INS0030 for the same call.
        const string library = """
            using Instrumentation;
            namespace Lib;
            public static class Jobs { [Operation("job.run")] public static int Run(object x) => 2; }
            """;
        const string consumer = """
            namespace App;
            public static class Entry { public static int Run(dynamic late) => Lib.Jobs.Run(late) + Lib.Jobs.Run(1); }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Dyn"), library);
        var run = CrossProjectHarness.BuildConsumer("DynApp", consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0020", diagnostic.Id);
        Assert.Contains("has a dynamic argument", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Single(CrossProjectHarness.Interceptors(run));
    }
}
