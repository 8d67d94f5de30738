using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// <c>in</c> / <c>ref readonly</c> parameters of virtual, abstract, override and interface methods (AutoMapper's
/// <c>public virtual QueryExpressions GetSubQueryExpression(…, in ProjectionRequest request, …)</c>, found by the
/// real-world sweep of 2026-12-05): C# gives them <c>modreq(InAttribute)</c>, which no static interceptor can declare, and
/// the compiler warned CS9154 in the generated file — an error under AutoMapper's TreatWarningsAsErrors, so the SDK broke the
/// build by itself. The generated code compiles warning-free, in the declaring project and in one that references it; the
/// call still dispatches virtually and passes the argument by reference (the method sees a change made to the caller's
/// variable during the call), as without the SDK.
/// </summary>
public sealed class InParameterOfVirtualMethodTests
{
    private const string Library = """
        using System;
        using Instrumentation;
        namespace InParameters;

        public readonly struct Request { public readonly int Depth; public Request(int depth) => Depth = depth; }

        public abstract class Shape
        {
            [Operation("shape.area")] public abstract int Area(in int scale);
        }

        public class Square : Shape
        {
            public override int Area(in int scale) => 4 * scale;
            [Operation("square.describe")] public virtual string Describe(in Request request, Action bump) { var before = request.Depth; bump(); return before + ">" + request.Depth; }
            [Operation("square.peek")] public virtual int Peek(ref readonly int value) => value;
        }

        public sealed class BigSquare : Square
        {
            [Operation("bigsquare.describe")] public override string Describe(in Request request, Action bump) => "big " + base.Describe(in request, bump);
        }

        public interface IMeasure { [Operation("measure.of")] int Of(in Request request); }
        public sealed class Measure : IMeasure { public int Of(in Request request) => request.Depth * 10; }
        """;

    private const string Calls = """
        public static string Run()
        {
            InParameters.Shape shape = new InParameters.Square();
            var scale = 3;
            var area = shape.Area(in scale) + shape.Area(2);
            InParameters.Square square = new InParameters.BigSquare();
            var request = new InParameters.Request(1);
            var described = square.Describe(in request, () => request = new InParameters.Request(7));
            var big = new InParameters.BigSquare();
            var again = big.Describe(new InParameters.Request(2), () => { });
            var value = 5;
            var peeked = square.Peek(in value) + square.Peek(ref value);
            InParameters.IMeasure measure = new InParameters.Measure();
            var measured = measure.Of(new InParameters.Request(4));
            return $"{area} {described} {again} {peeked} {measured}";
        }
        """;

    private const string Expected = "20 big 1>7 big 2>2 10 40";

    [Fact]
    public void Calls_in_the_declaring_project_compile_warning_free_dispatch_virtually_and_pass_the_reference()
    {
        var source = Library + "\npublic static class Program\n{\n" + Calls + "\n}\n";
        var assemblyName = CrossProjectHarness.UniqueName("InParameters");
        var plain = GeneratorHarness.CompileAs(assemblyName + "Plain", source);
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, source));
        // The override's base.Describe(in request, bump) is a non-virtual base call, which no interceptor can make (INS0012).
        Assert.Equal("INS0012", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Problems);

        var expected = Invoke(GeneratorHarness.Load(plain), "InParameters.Program");
        Assert.Equal(Expected, expected);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(expected, Invoke(run.Load(), "InParameters.Program"));
        Assert.Equal(
            new[] { "bigsquare.describe 1", "measure.of 1", "shape.area 2", "square.describe 1", "square.peek 2" },
            recorder.Spans.GroupBy(s => s.OperationName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()));
    }

    [Fact]
    public void Calls_from_a_referencing_project_compile_warning_free_and_are_intercepted()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("InParametersLib"), Library);
        var consumer = "namespace App;\npublic static class Entry\n{\n" + Calls + "\n}\n";
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("InParametersApp"), consumer, library);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(7, CrossProjectHarness.Interceptors(run).Count); // every call of Run
        Assert.Equal(Expected, Invoke(CrossProjectHarness.Load(run, library), "App.Entry"));
    }

    private static string Invoke(System.Reflection.Assembly assembly, string type) =>
        (string)assembly.GetType(type)!.GetMethod("Run")!.Invoke(null, null)!;
}
