using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Calls of operations in C# 14 shapes, run with and without the generators: the same results, side effects and struct
/// receivers changed in place (or copied) as C# does, and a span for each instrumented call (a stranger trial with the
/// .NET 10 SDK, 2026-12-05; the corpus category <c>csharp14</c> checks they compile warning-free and are intercepted).
/// </summary>
public sealed class CSharp14BehaviourTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Instrumentation;
        namespace Cs14;

        public delegate void RefAction(ref int x);
        public class FieldHolder { public int P { get => field; set => field = Calls.Twice(value); } }
        public class Holder { public int P { get; set; } public int[] Items { get; } = new int[1]; }
        public class Acc { public int V { get; private set; } public void operator +=(int x) => V += Calls.Twice(x) - x; public void operator ++() => V++; }
        public partial class PartialThing { public partial PartialThing(int x); public partial PartialThing(int x) { V = Calls.Ident(x); } public int V { get; } }
        public struct S { public int V; [Operation("s.inc")] public void Inc() => V++; [Operation("s.get")] public readonly int Get() => V; }
        public struct Counter { public int N; [Operation("counter.inc")] public int Inc() => ++N; }
        public struct W { public Counter C { get { field.Inc(); return field; } } }
        public readonly struct RW { public Counter C { get => field; init => field = value; } public int P => C.Inc(); }
        public struct RoW { public Counter C { readonly get { field.Inc(); return field; } set; } }
        public interface IR { [Operation("ir.m")] int M(); }
        public ref struct RS : IR { public int V; public int M() => ++V; }
        public static class Exts
        {
            extension(ref S s) { public void Bump() => s.Inc(); }
            extension(in S s) { public int Peek() { s.Inc(); return s.Get(); } }
            extension(S s) { public int Bumped() { s.Inc(); return s.V; } }
            extension(int[] a) { public int Total => a.SumOf(); }
            [Operation("exts.sum_of")] public static int SumOf(this int[] a) => a.Sum();
        }
        public static class SpanOps
        {
            [Operation("span.fill")] public static int Fill(Span<int> s) { s.Fill(7); return s.Length; }
            [Operation("span.sum")] public static int SumSpan(this ReadOnlySpan<int> s) { var t = 0; foreach (var x in s) { t += x; } return t; }
            [Operation("span.count_l")] public static int CountL(this ReadOnlySpan<char> s) => s.Count('l');
            [Operation("span.count")] public static int Count(params ReadOnlySpan<int> s) => s.Length;
        }
        public static class Calls
        {
            public static int Count;
            [Operation("calls.compute")] public static int Compute() { Count++; return 3; }
            [Operation("calls.twice")] public static int Twice(int v) => v * 2;
            [Operation("calls.ident")] public static int Ident(int v) => v;
            [Operation("calls.inc")] public static void Inc(ref int x) => x++;
            [Operation("calls.generic")] public static int Generic<T>(T x) where T : allows ref struct => 1;
        }
        public static class Program
        {
            public static string Run(Holder? none)
            {
                var results = new List<string>();
                var f = new FieldHolder(); f.P = 4; results.Add("field " + f.P);
                Calls.Count = 0;
                none?.P = Calls.Compute(); none?.Items[0] = Calls.Compute(); none?.P += Calls.Compute();
                results.Add("null ?.= evaluated " + Calls.Count);
                var some = new Holder(); some?.P = Calls.Compute(); some?.Items[0] = Calls.Compute(); some?.P += Calls.Compute();
                results.Add("?.= " + some!.P + " " + some.Items[0] + " " + Calls.Count);
                var acc = new Acc(); acc += Calls.Compute(); acc++; results.Add("+= ++ " + acc.V);
                results.Add("partial ctor " + new PartialThing(5).V);
                var s = new S(); s.Bump(); s.Bump(); results.Add("ref receiver " + s.V);
                var t = new S(); results.Add("in receiver " + t.Peek() + " " + t.V);
                var u = new S(); results.Add("by-value receiver " + u.Bumped() + " " + u.V);
                results.Add("extension property " + new[] { 1, 2, 3 }.Total);
                var w = new W(); _ = w.C; _ = w.C; results.Add("field struct " + w.C.N);
                var rw = new RW(); results.Add("readonly struct " + rw.P + " " + rw.P);
                var ro = new RoW(); _ = ro.C; _ = ro.C; results.Add("readonly getter " + ro.C.N);
                int[] array = [1, 2, 3];
                results.Add("span receiver " + array.SumSpan() + " " + "hello".CountL());
                results.Add("span argument " + SpanOps.Fill(array) + " " + string.Join(",", array));
                results.Add("params span " + (SpanOps.Count([1, 2, 3]) + SpanOps.Count(1, 2) + SpanOps.Count()));
                RefAction r = (ref x) => Calls.Inc(ref x); var i = 1; r(ref i); results.Add("ref lambda " + i);
                Span<int> stack = stackalloc int[2]; results.Add("allows ref struct " + (Calls.Generic(stack) + Calls.Generic(1)));
                var rs = new RS(); rs.M(); results.Add("ref struct " + (rs.M() + rs.V));
                return string.Join("; ", results);
            }
        }
        """;

    [Fact]
    public void Calls_in_CSharp_14_shapes_behave_as_without_the_SDK_and_each_records_a_span()
    {
        var assemblyName = CrossProjectHarness.UniqueName("CSharp14Behaviour");
        var plain = GeneratorHarness.CompileAs(assemblyName + "Plain", Source);
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);

        var expected = Invoke(GeneratorHarness.Load(plain));
        Assert.Equal(
            "field 8; null ?.= evaluated 0; ?.= 6 3 3; += ++ 4; partial ctor 5; ref receiver 2; in receiver 0 0; by-value receiver 1 0; extension property 6; "
            + "field struct 3; readonly struct 1 1; readonly getter 0; span receiver 6 2; span argument 3 7,7,7; params span 5; ref lambda 2; allows ref struct 2; ref struct 4",
            expected);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(expected, Invoke(run.Load()));
        var spans = recorder.Spans.GroupBy(s => s.OperationName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count());
        Assert.Equal(
            new[]
            {
                "calls.compute 4", "calls.generic 2", "calls.ident 1", "calls.inc 1", "calls.twice 2", "counter.inc 8", "exts.sum_of 1", "ir.m 2",
                "s.get 1", "s.inc 4", "span.count 3", "span.count_l 1", "span.fill 1", "span.sum 1",
            },
            spans);
    }

    private static string Invoke(System.Reflection.Assembly assembly) =>
        (string)assembly.GetType("Cs14.Program")!.GetMethod("Run")!.Invoke(null, new object?[] { null })!;
}
