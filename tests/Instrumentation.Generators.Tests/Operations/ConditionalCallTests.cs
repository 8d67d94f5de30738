using System;
using System.Linq;
using System.Text.RegularExpressions;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Calls of annotated <c>[Conditional]</c> methods (found on nietras/Sep: <c>SepAssert.Assert</c>, <c>SepTrace.WriteLine</c>).
/// The compiler keeps such a call only where the symbol is defined at the call. A call it keeps must still run the
/// method's body through the interceptor, also when the symbol is defined only by a <c>#define</c> in the calling file
/// (the forwarded call in the generated file was omitted: the body silently stopped running and a span was recorded
/// for it); a call it omits is not intercepted at all.
/// </summary>
public sealed class ConditionalCallTests
{
    private const string Declarations = """
        namespace Conditional;
        public static class Probe
        {
            public static int Count;
        }

        public static class Checks
        {
            [System.Diagnostics.Conditional("TRACE_ON")]
            [Instrumentation.Operation("checks.trace_only")]
            public static void TraceOnly(int value) => Probe.Count += value;
        }
        """;

    // The symbol is defined by this file alone, not by the project.
    private const string KeptByItsFile = """
        #define TRACE_ON
        namespace Conditional;
        public static class Kept
        {
            public static int Run()
            {
                var before = Probe.Count;
                Checks.TraceOnly(1);
                return Probe.Count - before;
            }
        }
        """;

    // Defined, then undefined: the compiler omits this call.
    private const string OmittedByItsFile = """
        #define TRACE_ON
        #undef TRACE_ON
        namespace Conditional;
        public static class Omitted
        {
            public static int Run()
            {
                var before = Probe.Count;
                Checks.TraceOnly(1);
                return Probe.Count - before;
            }
        }
        """;

    [Fact]
    public void A_call_kept_by_a_file_define_still_runs_the_body_and_an_omitted_call_is_not_intercepted()
    {
        var assemblyName = CrossProjectHarness.UniqueName("ConditionalCalls");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Declarations, KeptByItsFile, OmittedByItsFile));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var generated = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("\n#define TRACE_ON ", generated, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(generated, @"\[__InterceptsLocation\(").Cast<Match>());
        Assert.Contains("// File1.cs(", generated, StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var assembly = run.Load();
        Assert.Equal(1, (int)assembly.GetType("Conditional.Kept")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Equal(0, (int)assembly.GetType("Conditional.Omitted")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Single(recorder.Spans, s => s.OperationName == "checks.trace_only");
    }

    [Fact]
    public void A_kept_call_of_a_referenced_conditional_method_still_runs_its_body()
    {
        var libraryName = CrossProjectHarness.UniqueName("ConditionalLibrary");
        var library = CrossProjectHarness.BuildLibrary(libraryName, Declarations);
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("ConditionalApp"), KeptByItsFile.Replace("namespace Conditional;", "namespace App;\nusing Conditional;", StringComparison.Ordinal), library);
        Assert.Empty(consumer.GeneratorDiagnostics);
        Assert.Empty(consumer.Problems);
        Assert.Contains("\n#define TRACE_ON ", consumer.GeneratedSources[ReferencedOperationEmitter.HintName], StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var kept = CrossProjectHarness.Load(consumer, library).GetType("App.Kept")!;
        Assert.Equal(1, (int)kept.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Single(recorder.Spans, s => s.OperationName == "checks.trace_only");
    }

    [Fact]
    public void An_omitted_call_of_a_referenced_conditional_method_gets_no_interceptor()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("ConditionalLibrary"), Declarations);
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("ConditionalApp"), OmittedByItsFile.Replace("namespace Conditional;", "namespace App;\nusing Conditional;", StringComparison.Ordinal), library);
        Assert.Empty(consumer.GeneratorDiagnostics);
        Assert.Empty(consumer.Problems);
        Assert.False(consumer.GeneratedSources.ContainsKey(ReferencedOperationEmitter.HintName));
    }
}
