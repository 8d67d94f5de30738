using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// Issue 18 §7: what every call of one annotated method needs (its interceptor signature; for a referenced assembly's
/// method also its declaration read from metadata) is read once per binding pass, not once per call — a test project
/// calling its library 1,900 times read the library's declarations 1,900 times. And a failure while handling one
/// call of a referenced method is one INS0999 there, never a crashed generator.
/// </summary>
public sealed class CallTargetReuseTests
{
    private const string Library = """
        using Instrumentation;

        namespace Lib;

        public sealed class Meter
        {
            [Operation("lib.read")] public int Read(int channel) => channel;
            [Operation("lib.reset")] public void Reset() { }
        }
        """;

    private const string Consumer = """
        using Instrumentation;

        namespace App;

        public sealed class Local
        {
            [Operation("app.local")] public int Twice(int value) => value * 2;
        }

        public static class Entry
        {
            public static int Run(Lib.Meter meter, Local local)
            {
                var total = meter.Read(1) + meter.Read(2) + meter.Read(3) + meter.Read(4);
                meter.Reset();
                meter.Reset();
                return total + local.Twice(1) + local.Twice(2) + local.Twice(3);
            }
        }
        """;

    [Fact]
    public void Each_called_method_is_read_once_however_often_it_is_called()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("TargetsLib"), Library);

        using var probe = GeneratorWorkProbe.Start();
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("TargetsApp"), Consumer, library);

        Assert.Empty(consumer.Problems);
        Assert.Equal(9, CrossProjectHarness.Interceptors(consumer).Count);
        // Both finders ask about every method called (the source finder answers for Twice, the referenced one for
        // Read and Reset); each answer is computed once for the 9 calls.
        Assert.Equal(
            new[]
            {
                "referenced: App.Local.Twice(int)",
                "referenced: Lib.Meter.Read(int)",
                "referenced: Lib.Meter.Reset()",
                "source: App.Local.Twice(int)",
                "source: Lib.Meter.Read(int)",
                "source: Lib.Meter.Reset()",
            },
            probe.Targets);
    }

    [Fact]
    public void A_call_of_a_referenced_method_whose_handling_throws_is_one_INS0999_there_and_the_other_calls_are_intercepted()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("FaultLib"), Library);

        GeneratorRunAndFailure run;
        using (FaultInjection.ThrowAtReferencedCallSite("Reset"))
        {
            var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("FaultApp"), Consumer, library);
            run = new GeneratorRunAndFailure(consumer, consumer.GeneratorDiagnostics.Where(d => d.Id == "INS0999").ToList());
        }

        Assert.Empty(run.Consumer.Problems);
        Assert.Equal(2, run.Failures.Count);
        Assert.All(run.Failures, failure => Assert.Equal("meter.Reset()", Consumer.Substring(failure.Location.SourceSpan.Start, failure.Location.SourceSpan.Length)));
        Assert.Equal(
            new[] { "Read", "Read", "Read", "Read", "Twice", "Twice", "Twice" },
            CrossProjectHarness.Interceptors(run.Consumer).Select(i => Called(run.Consumer, i)).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    private static string Called(Infrastructure.GeneratorRun run, Microsoft.CodeAnalysis.IMethodSymbol interceptor)
    {
        // The interceptor's body calls the intercepted method itself (its fast path); that call's name says which.
        var body = interceptor.DeclaringSyntaxReferences[0].GetSyntax();
        return body.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Select(i => i.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : string.Empty)
            .First(name => name is "Read" or "Reset" or "Twice");
    }

    private sealed record GeneratorRunAndFailure(Infrastructure.GeneratorRun Consumer, System.Collections.Generic.List<Microsoft.CodeAnalysis.Diagnostic> Failures);
}
