using System.Linq;
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
}
