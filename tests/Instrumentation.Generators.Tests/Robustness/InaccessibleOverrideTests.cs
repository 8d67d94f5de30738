using System;
using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A call that binds to an override of an annotated method is intercepted with the override's type as the receiver
/// (the compiler requires it). Scriban, annotated wholesale, has a private nested visitor that overrides the annotated
/// public <c>ScriptVisitor.Visit</c> and calls <c>Visit(node)</c>: the interceptor named the private type and the
/// library no longer built (CS0122 in the generated file). Such a call (on a private, protected or file type, an override
/// or an interface implementation) is now left alone and reported (INS0003 at the call); the advice — call it through
/// the annotated type — is instrumented and still dispatches to the override.
/// </summary>
public sealed class InaccessibleOverrideTests
{
    private const string Source = """
        using Instrumentation;
        namespace Visitors;
        public interface IRunner { [Operation("runner.run")] int Run(); }
        public abstract class Visitor
        {
            public int Count;
            [Operation("visitor.visit")] public virtual void Visit(int node) => Count += node;
        }
        public sealed class Formatter
        {
            private sealed class Compressor : Visitor
            {
                public override void Visit(int node) => Count += node * 10;
                public void Direct(int node) => Visit(node);                    // binds to the private override: INS0003
                public void ThroughBase(int node) => ((Visitor)this).Visit(node); // the advice: instrumented, still the override
            }

            private sealed class Runner : IRunner { public int Run() => 7; }

            internal sealed class Open : Visitor { public override void Visit(int node) => Count += node * 100; }

            public static int Use()
            {
                var compressor = new Compressor();
                compressor.Direct(1);
                compressor.ThroughBase(2);
                var runner = new Runner();
                var open = new Open();
                open.Visit(3);                                                   // an internal type: instrumented as before
                return compressor.Count + runner.Run() * 1000 + open.Count * 10000; // runner.Run(): INS0003
            }
        }
        """;

    [Fact]
    public void A_call_bound_to_an_override_in_a_private_type_is_INS0003_not_a_generated_CS0122_and_the_cast_is_instrumented()
    {
        var assemblyName = CrossProjectHarness.UniqueName("InaccessibleOverride");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));

        Assert.Empty(run.Problems);
        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "INS0003", "INS0003" }, diagnostics.Select(d => d.Id));
        Assert.Equal(
            new[] { "Visit(node)", "runner.Run()" },
            diagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)));
        var message = diagnostics[0].GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("'Formatter.Compressor.Visit(int)' cannot be instrumented because it or a containing type is private (Compressor): this call binds to it, an override of the annotated 'Visitor.Visit(int)'", message, StringComparison.Ordinal);
        Assert.EndsWith("or call it through 'Visitor' (a cast of the receiver) to have it instrumented", message, StringComparison.Ordinal);
        Assert.Contains("an implementation of the annotated 'IRunner.Run()'", diagnostics[1].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // The cast and the internal type's override are intercepted; the behaviour is the program's own.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\(").Count);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var result = (int)run.Load().GetType("Visitors.Formatter")!.GetMethod("Use")!.Invoke(null, null)!;
        Assert.Equal(3_007_030, result);
        Assert.Equal(2, recorder.Spans.Count(s => s.OperationName == "visitor.visit"));
    }
}
