using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A call of an annotated interface method on a value of a type parameter (<c>t.Increment()</c> with
/// <c>where T : ICounter</c>) is a constrained call: a struct is called in place. The interceptor's receiver is the
/// interface, so intercepting it boxed the struct and the method changed a copy — a counter bumped through a generic
/// method stayed 0 once the SDK was added (found by building a fresh project against the package). Such a call is now
/// left as written and reported (INS0022); with a <c>class</c> constraint it is instrumented as before.
/// </summary>
public sealed class TypeParameterReceiverTests
{
    private const string Source = """
        using Instrumentation;
        namespace Generic;
        public interface ICounter { [Operation("counter.increment")] void Increment(); }
        public struct Counter : ICounter { public int Value; public void Increment() => Value++; }
        public sealed class Box<T> where T : ICounter { public T Item = default!; public void Bump() => Item.Increment(); }
        public static class Use
        {
            public static void ByRef<T>(ref T counter) where T : ICounter => counter.Increment();
            public static void Conditional<T>(T[] counters) where T : ICounter => counters[0]?.Increment();
            public static void OnClass<T>(T counter) where T : class, ICounter => counter.Increment();
            public static int Run()
            {
                var counter = new Counter();
                ByRef(ref counter);                          // in place: 1
                counter.Increment();                         // on the struct itself: instrumented, 2
                var box = new Box<Counter>();
                box.Bump();                                  // the field, in place: 1
                var array = new[] { new Counter() };
                Conditional(array);                          // the element, in place: 1
                return counter.Value * 100 + box.Item.Value * 10 + array[0].Value;
            }
        }
        """;

    [Fact]
    public void A_call_on_a_type_parameter_that_may_be_a_struct_is_INS0022_not_intercepted_and_still_changes_the_struct_in_place()
    {
        var assemblyName = CrossProjectHarness.UniqueName("TypeParameterReceiver");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));

        Assert.Empty(run.Problems);
        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "INS0022", "INS0022", "INS0022" }, diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            new[] { "Item.Increment()", "counter.Increment()", ".Increment()" },
            diagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)));
        Assert.Contains("type parameter 'T', which may be a struct", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.All(diagnostics, d => Assert.EndsWith("Add the 'class' constraint to 'T' to have it instrumented, or call an annotated method of the struct itself.", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // The struct's own call and the call on a class-constrained type parameter are still instrumented.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\(").Count);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var result = (int)run.Load().GetType("Generic.Use")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(211, result);
        Assert.Single(recorder.Spans, s => s.OperationName == "counter.increment");
    }

    [Fact]
    public void A_call_on_a_type_parameter_that_allows_ref_structs_is_INS0022_and_the_ref_struct_itself_is_instrumented()
    {
        const string source = """
            using Instrumentation;
            namespace Generic;
            public interface ICounter { [Operation("counter.increment")] int Increment(); }
            public ref struct Counter : ICounter { public int Value; public int Increment() => ++Value; }
            public static class Use
            {
                public static int Generic<T>(scoped ref T counter) where T : ICounter, allows ref struct => counter.Increment();
                public static int Run()
                {
                    var counter = new Counter();
                    Generic(ref counter);
                    return counter.Increment();
                }
            }
            """;
        var assemblyName = CrossProjectHarness.UniqueName("RefStructReceiver");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, source));

        Assert.Empty(run.Problems);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0022", diagnostic.Id);
        Assert.Equal("counter.Increment()", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        // Adding 'class' to 'where T : ICounter, allows ref struct' is CS9243: the message must not advise it.
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("Add the 'class' constraint", message, StringComparison.Ordinal);
        Assert.Contains("'T' allows ref structs, and the 'class' constraint cannot go with 'allows ref struct' (CS9243)", message, StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(2, (int)run.Load().GetType("Generic.Use")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Single(recorder.Spans, s => s.OperationName == "counter.increment");
    }

    [Fact]
    public void A_call_of_a_referenced_interface_operation_on_a_type_parameter_is_one_INS0022_and_not_intercepted()
    {
        const string library = """
            using Instrumentation;
            namespace Lib;
            public interface ICounter { [Operation("counter.increment")] void Increment(); }
            public struct Counter : ICounter { public int Value; public void Increment() => Value++; }
            """;
        const string consumer = """
            namespace App;
            public static class Use
            {
                public static void ByRef<T>(ref T counter) where T : Lib.ICounter => counter.Increment();
                public static void OnClass<T>(T counter) where T : class, Lib.ICounter => counter.Increment();
                public static int Run() { var counter = new Lib.Counter(); ByRef(ref counter); counter.Increment(); return counter.Value; }
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("TypeParameterLib"), library);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("TypeParameterApp"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0022", diagnostic.Id);
        Assert.Equal(2, CrossProjectHarness.Interceptors(run).Count);      // OnClass and the struct's own call
        Assert.Empty(run.Problems);
        Assert.Equal(2, (int)CrossProjectHarness.Load(run, compiled).GetType("App.Use")!.GetMethod("Run")!.Invoke(null, null)!);
    }
}
