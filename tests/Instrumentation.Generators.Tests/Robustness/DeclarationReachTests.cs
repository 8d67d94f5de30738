using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Interceptors replace calls by what the compiler binds them to, so an attribute on an override or an
/// interface implementation does not reach calls through the base or interface declaration. Each shape is
/// either instrumented or reported, with advice that can be followed: INS0013 (base in source), INS0016
/// (interface member in source), INS0017 (base or interface member in a referenced assembly, Info).
/// </summary>
public sealed class DeclarationReachTests
{
    private const string Header = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    private static string At(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void An_annotated_override_of_object_ToString_is_Info_INS0017_not_the_INS0013_warning()
    {
        const string source = Header + """
            public sealed class Money
            {
                [Operation("money.format")] public override string ToString() => "1 EUR";
            }
            public static class U { public static string Call(Money m, object o) => m.ToString() + o.ToString(); }
            """;
        var run = RobustRun.Of(source);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0013");
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0017");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("Operation(\"money.format\")", At(diagnostic, source));
        var message = diagnostic.GetMessage();
        Assert.Contains("object.ToString()", message, System.StringComparison.Ordinal);
        Assert.Contains("System.Runtime", message, System.StringComparison.Ordinal);
        Assert.Contains("'Money.ToString' are instrumented", message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("put the attribute on", message, System.StringComparison.Ordinal);
        // The direct call on the derived type is intercepted; the call through object is not.
        Assert.Equal(new[] { "ToString" }, run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void An_override_of_a_source_base_declaration_still_gets_the_INS0013_warning()
    {
        const string source = Header + """
            public abstract class Job { public abstract int Run(); }
            public sealed class Nightly : Job { [Operation("job.run")] public override int Run() => 1; }
            """;
        var diagnostic = Assert.Single(RobustRun.Of(source).GeneratorDiagnostics, d => d.Id is "INS0013" or "INS0017");
        Assert.Equal("INS0013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void An_annotated_implementation_of_a_source_interface_is_INS0016_at_the_attribute()
    {
        const string source = Header + """
            public interface IStore { int Put(string key); }
            public sealed class Store : IStore { [Operation("store.put")] public int Put(string key) => key.Length; }
            public static class U { public static int Call(IStore viaInterface, Store direct) => viaInterface.Put("a") + direct.Put("b"); }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0016");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Operation(\"store.put\")", At(diagnostic, source));
        Assert.Contains("put the attribute on 'IStore.Put(string)'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Put" }, run.InterceptedCalls);
        var tree = run.Output.SyntaxTrees.First();
        var model = run.Output.GetSemanticModel(tree);
        var calls = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().ToList();
        Assert.Null(model.GetInterceptorMethod(calls.Single(c => c.ToString() == "viaInterface.Put(\"a\")")));
        Assert.NotNull(model.GetInterceptorMethod(calls.Single(c => c.ToString() == "direct.Put(\"b\")")));
    }

    [Fact]
    public void The_attribute_on_the_interface_member_instruments_calls_through_the_interface_and_on_the_class()
    {
        const string source = Header + """
            public interface IStore { [Operation("store.put")] int Put(string key); }
            public sealed class Store : IStore { public int Put(string key) => key.Length; }
            public static class U { public static int Call(IStore viaInterface, Store direct) => viaInterface.Put("a") + direct.Put("b"); }
            """;
        var run = RobustRun.Of(source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(new[] { "Put", "Put" }, run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void An_implementation_annotated_as_well_as_its_interface_member_gets_no_INS0016()
    {
        const string source = Header + """
            public interface IStore { [Operation("store.put")] int Put(string key); }
            public sealed class Store : IStore { [Operation("store.put.direct")] public int Put(string key) => key.Length; }
            """;
        Assert.DoesNotContain(RobustRun.Of(source).GeneratorDiagnostics, d => d.Id is "INS0016" or "INS0017");
    }

    [Fact]
    public void An_annotated_implementation_of_a_framework_interface_is_Info_INS0017()
    {
        const string source = Header + """
            public sealed class Session : IDisposable
            {
                [Operation("session.close")] public void Dispose() { }
            }
            public static class U { public static void Call(Session s, IDisposable d) { s.Dispose(); d.Dispose(); } }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id is "INS0016" or "INS0017");
        Assert.Equal("INS0017", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("IDisposable.Dispose()", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Dispose" }, run.InterceptedCalls);
    }

    [Fact]
    public void An_annotated_static_implementation_of_a_static_abstract_member_is_Info_INS0017_and_direct_calls_are_intercepted()
    {
        const string source = Header + """
            public interface IParser { static abstract int Parse(string text); }
            public sealed class Number : IParser { [Operation("number.parse")] public static int Parse(string text) => text.Length; }
            public static class U
            {
                public static int Generic<T>(string text) where T : IParser => T.Parse(text);
                public static int Direct(string text) => Number.Parse(text);
            }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.Ins);
        Assert.Equal("INS0017", diagnostic.Id);
        Assert.Equal("Operation(\"number.parse\")", At(diagnostic, source));
        Assert.Contains("static abstract", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("IParser.Parse(string)", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Parse" }, run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void An_annotated_explicit_implementation_is_INS0007_with_advice_to_annotate_the_interface_member()
    {
        const string source = Header + """
            public interface IStore { int Put(string key); }
            public sealed class Store : IStore { [Operation("store.put")] int IStore.Put(string key) => key.Length; }
            public static class U { public static int Call(IStore s) => s.Put("a"); }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.Ins);
        Assert.Equal("INS0007", diagnostic.Id);
        Assert.Contains("put the attribute on 'IStore.Put(string)'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void An_annotated_explicit_implementation_of_a_framework_interface_is_INS0007_with_advice_that_can_be_followed()
    {
        const string source = Header + """
            public sealed class Session : IDisposable { [Operation("session.close")] void IDisposable.Dispose() { } }
            """;
        var diagnostic = Assert.Single(RobustRun.Of(source).Ins);
        Assert.Equal("INS0007", diagnostic.Id);
        Assert.Contains("IDisposable.Dispose()", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("call an annotated method of your own", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_foreach_calls_is_Info_INS0018_at_the_attribute_and_its_written_calls_are_still_instrumented()
    {
        const string source = Header + """
            public sealed class Rows
            {
                private int _row;
                public Rows GetEnumerator() => this;
                [Operation("rows.move_next")] public bool MoveNext() => _row++ < 2;
                public int Current => _row;
            }
            public static class U
            {
                public static int Call(Rows rows) { var n = 0; foreach (var _ in rows) n++; while (rows.MoveNext()) n++; return n; }
            }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id.StartsWith("INS", System.StringComparison.Ordinal));
        Assert.Equal("INS0018", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("Operation(\"rows.move_next\")", At(diagnostic, source));
        Assert.Equal(
            "Calls of 'Rows.MoveNext' written in source are instrumented; the calls the compiler writes itself for 'foreach' are not, because only calls written in source can be intercepted. To record those too, call an annotated method of your own from 'Rows.MoveNext'.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "MoveNext" }, run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Theory]
    [InlineData("public sealed class R : IDisposable { [Operation(\"r.dispose\")] public void Dispose() { } }", "INS0017")]
    [InlineData("public readonly struct P { [Operation(\"p.deconstruct\")] public void Deconstruct(out int x, out int y) { x = 1; y = 2; } }", "'var (a, b) = value'")]
    [InlineData("public sealed class A { public bool IsCompleted => true; [Operation(\"a.result\")] public int GetResult() => 1; }", "'await'")]
    [InlineData("[System.Runtime.CompilerServices.InterpolatedStringHandler] public ref struct H { public H(int literalLength, int formattedCount) { } [Operation(\"h.literal\")] public void AppendLiteral(string s) { } }", "interpolated strings")]
    [InlineData("public sealed class Bag : System.Collections.IEnumerable { [Operation(\"bag.add\")] public void Add(int item) { } public System.Collections.IEnumerator GetEnumerator() => null!; }", "collection initializers")]
    [InlineData("public static class Ext { [Operation(\"ext.awaiter\")] public static System.Runtime.CompilerServices.TaskAwaiter GetAwaiter(this int delay) => Task.Delay(delay).GetAwaiter(); }", "'await'")]
    public void Methods_the_compiler_calls_by_shape_are_reported_once(string declaration, string expected)
    {
        var diagnostic = Assert.Single(RobustRun.Of(Header + declaration).GeneratorDiagnostics, d => d.Id.StartsWith("INS", System.StringComparison.Ordinal));
        if (expected.StartsWith("INS", System.StringComparison.Ordinal))
        {
            // Dispose implementing IDisposable.Dispose: INS0017 already says calls through it (using) are not instrumented.
            Assert.Equal(expected, diagnostic.Id);
            return;
        }

        Assert.Equal("INS0018", diagnostic.Id);
        Assert.Contains(expected, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public sealed class Repo { [Operation(\"repo.add\")] public void Add(int item) { } }")]
    [InlineData("public sealed class Q { [Operation(\"q.next\")] public bool MoveNext(int steps) => steps > 0; }")]
    [InlineData("public static class S { [Operation(\"s.dispose\")] public static void Dispose() { } }")]
    [InlineData("public sealed class T { [Operation(\"t.result\")] public int GetResult() => 1; }")]
    public void Look_alike_names_the_compiler_never_calls_get_no_INS0018(string declaration)
    {
        Assert.DoesNotContain(RobustRun.Of(Header + declaration).GeneratorDiagnostics, d => d.Id == "INS0018");
    }
}
