using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The robustness corpus: unusual or broken inputs, by category (issue 12, item 10). Most are built
/// combinatorially (an attribute × an argument, a declaration kind × an attribute, a return type × a
/// method kind…); each one is a small program that declares something annotated and calls it.
/// </summary>
public static class CorpusCases
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using System.Linq;
        using System.Linq.Expressions;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        """;

    private static readonly string[] OperationAttributes = { "Operation", "Ingest", "Broadcast", "Flow", "FlowNode" };

    /// <summary>Tenant parameters for the kinds that require them (so the only variable is the one under test).</summary>
    private static string TenantParameter(string attribute) => attribute == "Operation" || attribute == "FlowNode" ? string.Empty : "TenantContext tenant";

    private static string TenantArgument(string attribute) => attribute == "Operation" || attribute == "FlowNode" ? string.Empty : "new TenantContext(\"o\", \"p\")";

    public static IEnumerable<(string Category, string Name, string Source)> All() =>
        AttributeArguments()
            .Concat(NamedArguments())
            .Concat(DeclarationKinds())
            .Concat(ReturnShapes())
            .Concat(ParameterShapes())
            .Concat(Names())
            .Concat(Generics())
            .Concat(CallForms())
            .Concat(BrokenCode())
            .Concat(LogMethods())
            .Concat(FunnelPaths())
            .Concat(CSharp14());

    public static IEnumerable<object[]> Category(string category) =>
        All().Where(c => c.Category == category).Select(c => new object[] { c.Name, c.Source });

    private static IEnumerable<(string, string, string)> AttributeArguments()
    {
        var spanNames = new Dictionary<string, string>
        {
            ["null"] = "null!",
            ["empty"] = "\"\"",
            ["blank"] = "\" \"",
            ["huge"] = "\"" + string.Join(".", Enumerable.Repeat("segment", 700)) + "\"",
            ["unicode"] = "\"ünï.cödé\"",
            ["emoji"] = "\"a.\\uD83D\\uDE00\"",
            ["newline"] = "\"a.b\\n\"",
            ["nul char"] = "\"a.b\\0\"",
            ["quote and backslash"] = "\"a.\\\"b\\\\\"",
            ["upper case"] = "\"A.B\"",
            ["double dot"] = "\"a..b\"",
            ["int"] = "42",
            ["const expression"] = "nameof(C) + \".x\"",
        };
        foreach (var attribute in OperationAttributes)
        {
            foreach (var (label, argument) in spanNames)
            {
                yield return ("arguments", attribute + " span name " + label, $$"""
                    public class C
                    {
                        [{{attribute}}({{argument}})] public void M({{TenantParameter(attribute)}}) { }
                        public void Call() => M({{TenantArgument(attribute)}});
                    }
                    """);
            }
        }

        foreach (var (label, argument) in spanNames)
        {
            yield return ("arguments", "FunnelEvent name " + label, $$"""
                public class C
                {
                    [FunnelEvent({{argument}})] public void M() { }
                    public void Call() => M();
                }
                """);
        }

        yield return ("arguments", "Operation with no arguments", """
            public class C { [Operation] public void M() { } public void Call() => M(); }
            """);
        yield return ("arguments", "Operation with two positional arguments", """
            public class C { [Operation("a.b", "c.d")] public void M() { } public void Call() => M(); }
            """);
        yield return ("arguments", "FunnelEvent with no arguments", """
            public class C { [FunnelEvent] public void M() { } public void Call() => M(); }
            """);
    }

    private static IEnumerable<(string, string, string)> NamedArguments()
    {
        var values = new Dictionary<string, string>
        {
            ["null"] = "null",
            ["empty"] = "\"\"",
            ["invalid"] = "\"9 bad\"",
            ["unicode"] = "\"dürée_seconds\"",
            ["huge"] = "\"" + new string('a', 3000) + "\"",
            ["valid"] = "\"custom_duration_seconds\"",
        };
        foreach (var property in new[] { "DurationMetric", "CallsMetric", "FailuresMetric", "FailureReasonLabel" })
        {
            foreach (var (label, value) in values)
            {
                yield return ("named", "Operation " + property + " " + label, $$"""
                    public class C { [Operation("a.b", {{property}} = {{value}})] public int M(int x) => x; public int Call() => M(1); }
                    """);
            }
        }

        foreach (var (label, declarations) in new Dictionary<string, string>
        {
            ["same duration metric, different kinds"] = "[Operation(\"a.b\", DurationMetric = \"shared_seconds\")] public void A() { } [Ingest(\"c.d\", DurationMetric = \"shared_seconds\")] public void B(TenantContext t, [Batch] int[] items) { }",
            ["duration metric reused as calls counter"] = "[Operation(\"a.b\", DurationMetric = \"shared_total\")] public void A() { } [Operation(\"c.d\", CallsMetric = \"shared_total\")] public void B(TenantContext t, [Batch] int[] items) { }",
            ["same metric, different labels"] = "[Operation(\"a.b\", DurationMetric = \"shared_seconds\")] public void A([MetricLabel] bool ok) { } [Operation(\"c.d\", DurationMetric = \"shared_seconds\")] public void B(TenantContext t, [Batch] int[] items) { }",
        })
        {
            yield return ("named", "conflicting metrics: " + label, $$"""
                public class C
                {
                    {{declarations}}
                    public void Call() { A({{(label.Contains("labels") ? "true" : string.Empty)}}); B(new TenantContext("o", "p"), new int[0]); }
                }
                """);
        }

        foreach (var (label, value) in new Dictionary<string, string>
        {
            ["null"] = "null",
            ["empty array"] = "new string[0]",
            ["null element"] = "new string[] { null! }",
            ["empty element"] = "new[] { \"\" }",
            ["repeated"] = "new[] { \"x\", \"x\" }",
            ["unicode"] = "new[] { \"zeitüberschreitung\" }",
        })
        {
            yield return ("named", "FailureReasons " + label, $$"""
                public class C { [Operation("a.b", FailureReasons = {{value}})] public void M() { } public void Call() => M(); }
                """);
        }

        foreach (var (label, value) in new Dictionary<string, string>
        {
            ["org label all"] = "OrgLabel = MetricTargets.All",
            ["org label undefined enum value"] = "OrgLabel = (MetricTargets)12345",
            ["skip unsampled and logs"] = "SkipUnsampledRoot = true, LogStart = true, LogCompletion = true",
            ["ingest metrics off"] = "MessagesMetric = \"\", BatchSizeMetric = \"\"",
        })
        {
            yield return ("named", "Ingest " + label, $$"""
                public class C { [Ingest("a.b", {{value}})] public void M(TenantContext tenant, [Batch] int[] items) { } public void Call() => M(new TenantContext("o", "p"), new int[0]); }
                """);
        }

        foreach (var (label, value) in new Dictionary<string, string>
        {
            ["properties null"] = "Properties = null",
            ["property null element"] = "Properties = new string[] { null! }",
            ["property without path"] = "Properties = new[] { \"=x\" }",
            ["property missing path"] = "Properties = new[] { \"a=missing\" }",
            ["entity null"] = "EntityId = null",
            ["entity empty"] = "EntityId = \"\"",
            ["once without entity"] = "OncePerEntity = true",
            ["since event only"] = "SinceEvent = \"Other\"",
            ["since timestamp wrong type"] = "SinceProperty = \"since\", SinceEvent = \"Other\", SinceTimestamp = \"x\"",
            ["duration property"] = "DurationProperty = \"took\"",
            ["duration property bad name"] = "DurationProperty = \"took time\"",
        })
        {
            yield return ("named", "FunnelEvent " + label, $$"""
                public class C { [FunnelEvent("Evt", {{value}})] public void M(int x) { } public void Call() => M(1); }
                """);
        }
    }

    private static IEnumerable<(string, string, string)> DeclarationKinds()
    {
        var declarations = new Dictionary<string, (string Declaration, string Call)>
        {
            ["constructor"] = ("public C() { } [ATTR] public C(int x) { }", "_ = new C(1);"),
            ["static constructor"] = ("[ATTR] static C() { }", "_ = new C();"),
            ["property getter"] = ("public int P { [ATTR] get => 1; }", "_ = P;"),
            ["property setter"] = ("public int P { get; [ATTR] set; }", "P = 1;"),
            ["indexer getter"] = ("public int this[int i] { [ATTR] get => i; }", "_ = this[1];"),
            ["event accessor"] = ("public event EventHandler? E { [ATTR] add { } remove { } }", "E += (s, e) => { };"),
            ["local function"] = (string.Empty, "[ATTR] int Local() => 1; Local();"),
            ["lambda"] = (string.Empty, "var f = [ATTR] () => 1; f();"),
            ["operator"] = ("[ATTR] public static C operator +(C a, C b) => a;", "_ = this + this;"),
            ["conversion"] = ("[ATTR] public static explicit operator int(C c) => 1;", "_ = (int)this;"),
            ["destructor"] = ("[ATTR] ~C() { }", string.Empty),
            ["extern"] = ("[ATTR] [System.Runtime.InteropServices.DllImport(\"x\")] public static extern int Ext();", "Ext();"),
            ["partial with body"] = ("[ATTR] public partial void Part(); public partial void Part() { }", "Part();"),
            ["partial without body"] = ("[ATTR] partial void Part();", "Part();"),
            ["static"] = ("[ATTR] public static void S() { }", "S();"),
            ["virtual"] = ("[ATTR] public virtual void V() { }", "V();"),
            ["generic"] = ("[ATTR] public T G<T>(T value) => value;", "G(1); G<string>(\"s\");"),
            ["expression bodied async"] = ("[ATTR] public async Task A() => await Task.Yield();", "_ = A();"),
            ["conditional, symbol not defined"] = ("[ATTR] [System.Diagnostics.Conditional(\"NEVER_DEFINED\")] public void Cond() { }", "Cond();"),
            ["does not return"] = ("[ATTR] [DoesNotReturn] public static void Fail(string message) => throw new InvalidOperationException(message);", "if (Environment.TickCount < 0) Fail(\"x\");"),
            ["does not return with a value"] = ("[ATTR] [DoesNotReturn] public static int FailWith(string message) => throw new InvalidOperationException(message);", "if (Environment.TickCount < 0) _ = FailWith(\"x\");"),
            ["does not return, async"] = ("[ATTR] [DoesNotReturn] public static async Task FailLater() { await Task.Yield(); throw new InvalidOperationException(); }", "if (Environment.TickCount < 0) _ = FailLater();"),
        };
        var attributes = new Dictionary<string, string>
        {
            ["Operation"] = "Operation(\"c.m\")",
            ["FunnelEvent"] = "FunnelEvent(\"Evt\")",
            ["Operation and FunnelEvent"] = "Operation(\"c.m\"), FunnelEvent(\"Evt\")",
        };
        foreach (var (kind, (declaration, call)) in declarations)
        {
            foreach (var (label, attribute) in attributes)
            {
                yield return ("declarations", label + " on " + kind, $$"""
                    public partial class C
                    {
                        {{declaration.Replace("ATTR", attribute)}}
                        public void Call() { {{call.Replace("ATTR", attribute)}} }
                    }
                    """);
            }
        }

        var interfaceMembers = new Dictionary<string, (string Declaration, string Use)>
        {
            ["abstract class method called through the base"] = ("public abstract class B { [ATTR] public abstract int M(); } public sealed class D : B { public override int M() => 1; }", "public static class U { public static int Call(B b, D d) => b.M() + d.M(); }"),
            ["attribute only on the override, called through the base"] = ("public abstract class B { public abstract int M(); } public sealed class D : B { [ATTR] public override int M() => 1; }", "public static class U { public static int Call(B b, D d) => b.M() + d.M(); }"),
            ["interface method called on the class"] = ("public interface I { [ATTR] int M(); } public sealed class D : I { public int M() => 1; }", "public static class U { public static int Call(I i, D d) => i.M() + d.M(); }"),
            ["default interface method"] = ("public interface I { [ATTR] int M() => 1; } public sealed class D : I { }", "public static class U { public static int Call(I i) => i.M(); }"),
            ["static abstract interface member"] = ("public interface I { [ATTR] static abstract int M(); } public sealed class D : I { public static int M() => 1; }", "public static class U { public static int Call<T>() where T : I => T.M(); }"),
            ["static virtual interface member"] = ("public interface I { [ATTR] static virtual int M() => 1; } public sealed class D : I { }", "public static class U { public static int Call<T>() where T : I => T.M(); }"),
            ["explicit implementation"] = ("public interface I { [ATTR] int M(); } public sealed class D : I { int I.M() => 1; }", "public static class U { public static int Call(D d) => ((I)d).M(); }"),
            ["generic interface"] = ("public interface I<T> { [ATTR] T M(T value); } public sealed class D : I<string> { public string M(string value) => value; }", "public static class U { public static string Call(I<string> i, D d) => i.M(\"a\") + d.M(\"b\"); }"),
            ["sealed override chain"] = ("public class A { [ATTR] public virtual int M() => 1; } public class B : A { public override int M() => 2; } public sealed class D : B { public sealed override int M() => 3; }", "public static class U { public static int Call(A a, B b, D d) => a.M() + b.M() + d.M(); }"),
            ["new hides the annotated method"] = ("public class A { [ATTR] public int M() => 1; } public sealed class D : A { public new int M() => 2; }", "public static class U { public static int Call(A a, D d) => a.M() + d.M(); }"),
            ["attribute only on the implementation, called through the interface"] = ("public interface I { int M(); } public sealed class D : I { [ATTR] public int M() => 1; }", "public static class U { public static int Call(I i, D d) => i.M() + d.M(); }"),
            ["attribute only on the implementation of a generic interface"] = ("public interface I<T> { T M(T value); } public sealed class D : I<string> { [ATTR] public string M(string value) => value; }", "public static class U { public static string Call(I<string> i, D d) => i.M(\"a\") + d.M(\"b\"); }"),
            ["explicit implementation of an unannotated interface member"] = ("public interface I { int M(); } public sealed class D : I { [ATTR] int I.M() => 1; }", "public static class U { public static int Call(D d) => ((I)d).M(); }"),
            ["override of object.ToString"] = ("public sealed class D { [ATTR] public override string ToString() => \"d\"; }", "public static class U { public static string Call(D d, object o) => d.ToString() + o.ToString(); }"),
            ["override of object.Equals and GetHashCode"] = ("public sealed class D { [ATTR] public override bool Equals(object? other) => other is D; [ATTR] public override int GetHashCode() => 1; }", "public static class U { public static int Call(D d) => d.Equals(d) ? d.GetHashCode() : 0; }"),
            ["record overriding ToString"] = ("public record D(int X) { [ATTR] public override string ToString() => \"d\"; }", "public static class U { public static string Call(D d) => d.ToString(); }"),
            ["implementation of IDisposable"] = ("public sealed class D : IDisposable { [ATTR] public void Dispose() { } }", "public static class U { public static void Call(D d, IDisposable x) { d.Dispose(); x.Dispose(); using (new D()) { } } }"),
            ["explicit implementation of IDisposable"] = ("public sealed class D : IDisposable { [ATTR] void IDisposable.Dispose() { } }", "public static class U { public static void Call(D d) => ((IDisposable)d).Dispose(); }"),
            ["implementation of IAsyncDisposable"] = ("public sealed class D : IAsyncDisposable { [ATTR] public ValueTask DisposeAsync() => default; }", "public static class U { public static ValueTask Call(D d) => d.DisposeAsync(); }"),
            ["default interface method re-implemented"] = ("public interface I { [ATTR] int M() => 1; } public sealed class D : I { public int M() => 2; }", "public static class U { public static int Call(I i, D d) => i.M() + d.M(); }"),
            ["generic method of an annotated interface"] = ("public interface I { [ATTR] T M<T>(T value); } public sealed class D : I { public T M<T>(T value) => value; }", "public static class U { public static int Call(I i, D d) => i.M(1) + d.M(2); }"),
            ["struct implementing an annotated interface"] = ("public interface I { [ATTR] int M(); } public struct D : I { public int M() => 1; }", "public static class U { public static int Call(I i, D d) => i.M() + d.M(); }"),
            ["readonly struct implementing an annotated interface"] = ("public interface I { [ATTR] int M(); } public readonly struct D : I { public int M() => 1; }", "public static class U { public static int Call(I i, D d) => i.M() + d.M(); }"),
            ["method of a readonly struct"] = ("public readonly struct D { private readonly int _x; public D(int x) => _x = x; [ATTR] public int M(int y) => _x + y; [ATTR] public bool Equals(D other) => _x == other._x; }", "public static class U { public static int Call(D d, in D e) => d.M(1) + e.M(2) + (d.Equals(e) ? 1 : 0) + new D(3).M(4); }"),
            ["readonly member of a struct"] = ("public struct D { public int X; [ATTR] public readonly int M() => X; [ATTR] public int N() => ++X; }", "public static class U { public static int Call(D d, in D e) => d.M() + e.M() + d.N(); }"),
            ["method of a readonly record struct"] = ("public readonly record struct D(int X) { [ATTR] public int M() => X; }", "public static class U { public static int Call(D d) => d.M() + new D(1).M(); }"),
            ["method of a generic readonly struct"] = ("public readonly struct D<T> { private readonly T _value; public D(T value) => _value = value; [ATTR] public bool Is(D<T> other) => System.Collections.Generic.EqualityComparer<T>.Default.Equals(_value, other._value); }", "public static class U { public static bool Call(D<int> d) => d.Is(d); }"),
            ["abstract class between an annotated interface and the class"] = ("public interface I { [ATTR] int M(); } public abstract class B : I { public abstract int M(); } public sealed class D : B { public override int M() => 1; }", "public static class U { public static int Call(I i, B b, D d) => i.M() + b.M() + d.M(); }"),
            ["static implementation of a static abstract member"] = ("public interface I { static abstract int M(); } public sealed class D : I { [ATTR] public static int M() => 1; }", "public static class U { public static int Call() => D.M(); }"),
        };
        foreach (var (kind, (declaration, use)) in interfaceMembers)
        {
            foreach (var (label, attribute) in attributes)
            {
                yield return ("declarations", label + ": " + kind, declaration.Replace("ATTR", attribute) + "\n" + use);
            }
        }
    }

    private static IEnumerable<(string, string, string)> ReturnShapes()
    {
        var returns = new Dictionary<string, (string Type, string Body)>
        {
            ["void"] = ("void", "{ }"),
            ["int"] = ("int", "=> 1;"),
            ["nullable string"] = ("string?", "=> null;"),
            ["nullable int"] = ("int?", "=> null;"),
            ["tuple"] = ("(int A, string? B)", "=> (1, null);"),
            ["Task"] = ("Task", "=> Task.CompletedTask;"),
            ["Task<int>"] = ("Task<int>", "=> Task.FromResult(1);"),
            ["nullable Task"] = ("Task?", "=> null;"),
            ["Task<string?>"] = ("Task<string?>", "=> Task.FromResult<string?>(null);"),
            ["nullable Task<int>"] = ("Task<int>?", "=> Task.FromResult(1);"),
            ["ValueTask"] = ("ValueTask", "=> default;"),
            ["ValueTask<int>"] = ("ValueTask<int>", "=> new(1);"),
            ["ValueTask<string?>"] = ("ValueTask<string?>", "=> new((string?)null);"),
            ["async Task"] = ("async Task", "{ await Task.Yield(); }"),
            ["async ValueTask<int>"] = ("async ValueTask<int>", "{ await Task.Yield(); return 1; }"),
            ["async void"] = ("async void", "{ await Task.Yield(); }"),
            ["iterator"] = ("IEnumerable<int>", "{ yield return 1; }"),
            ["async iterator"] = ("async IAsyncEnumerable<int>", "{ await Task.Yield(); yield return 1; }"),
            ["ref return"] = ("ref int", "=> ref Field;"),
            ["ref readonly return"] = ("ref readonly int", "=> ref Field;"),
            ["span return"] = ("Span<int>", "=> default;"),
            ["dynamic"] = ("dynamic", "=> 1;"),
            ["object?"] = ("object?", "=> null;"),
            ["array of nullable"] = ("string?[]", "=> new string?[1];"),
            ["custom awaitable"] = ("Lazy<int>", "=> new(() => 1);"),
            ["pointer"] = ("unsafe int*", "=> null;"),
        };
        var kinds = new Dictionary<string, (string Modifiers, string Call)>
        {
            ["instance"] = ("public", "c.M()"),
            ["static"] = ("public static", "C.M()"),
        };
        foreach (var (shape, (type, body)) in returns)
        {
            foreach (var (kind, (modifiers, call)) in kinds)
            {
                var unsafeModifier = type.StartsWith("unsafe ", System.StringComparison.Ordinal);
                var returnType = unsafeModifier ? type.Substring(7) : type;
                var isAsync = returnType.StartsWith("async ", System.StringComparison.Ordinal);
                var field = modifiers.Contains("static") ? "public static int Field;" : "public int Field;";
                var use = returnType.Contains("ref ") ? "_ = " + call + ";" : "_ = " + call + ";";
                if (returnType == "void" || returnType == "async void")
                {
                    use = call + ";";
                }

                yield return ("returns", shape + " " + kind, $$"""
                    public {{(unsafeModifier ? "unsafe " : string.Empty)}}class C
                    {
                        {{field}}
                        [Operation("c.m")] {{modifiers}} {{returnType}} M() {{body}}
                    }
                    public static {{(unsafeModifier ? "unsafe " : string.Empty)}}class U { public static void Call(C c) { {{use}} } }
                    """);
                _ = isAsync;
            }
        }

        // [return: MaybeNull] on a non-nullable return type (YamlDotNet's YamlAttributeOverrides.GetAttribute<T>() where
        // T : Attribute): the instrumented path once kept the result in a local of the non-nullable type (CS8600 in
        // generated code, an error under warnings as errors).
        yield return ("returns", "MaybeNull class-constrained generic", """
            public class C { [Operation("c.m")] [return: MaybeNull] public T M<T>() where T : class => default; public static bool Call(C c) => c.M<string>() is null; }
            """);
        yield return ("returns", "MaybeNull unconstrained generic", """
            public class C { [Operation("c.m")] [return: MaybeNull] public T M<T>() => default; public static bool Call(C c) => c.M<string>() is null; }
            """);
        yield return ("returns", "MaybeNull string", """
            public static class C { [Operation("c.m")] [return: MaybeNull] public static string M(int x) => x > 0 ? "x" : null; public static bool Call() => M(0) is null; }
            """);
        yield return ("returns", "MaybeNull generic with a funnel event", """
            public class C { [Operation("c.m")] [FunnelEvent("Got")] [return: MaybeNull] public T M<T>() where T : class => default; public static bool Call(C c) => c.M<string>() is null; }
            """);
        // The other nullability attributes on results and by-reference parameters (after the MaybeNull finding): each
        // instrumented path must keep the user's contract without a warning of its own.
        yield return ("returns", "NotNull on a nullable generic result", """
            public class C { [Operation("c.m")] [return: NotNull] public T? M<T>(T value) => value ?? throw new ArgumentNullException(nameof(value)); public static int Call(C c) => c.M<string>("x").Length; }
            """);
        yield return ("returns", "NotNullIfNotNull on a nullable generic result", """
            public class C { [Operation("c.m")] [return: NotNullIfNotNull(nameof(value))] public T? M<T>(T? value) => value; public static int Call(C c) => c.M<string>("x").Length; }
            """);
        yield return ("returns", "MaybeNull ref result", """
            public class C { public string[] Items = { "a" }; [Operation("c.m")] [return: MaybeNull] public ref string M() => ref Items[0]; public static bool Call(C c) => c.M() is null; }
            """);
        yield return ("returns", "MaybeNull on a Task result", """
            public class C { [Operation("c.m")] [return: MaybeNull] public async Task<T> M<T>() { await Task.Yield(); return default!; } public static Task<string> Call(C c) => c.M<string>(); }
            """);
        yield return ("returns", "MaybeNull on a Task with a funnel event only", """
            public class C { [FunnelEvent("Loaded")] [return: MaybeNull] public Task<string> M(bool b) => b ? Task.FromResult("x") : null; public static Task<string> Call(C c) => c.M(false); }
            """);
        yield return ("returns", "MaybeNull on a non-generic Task", """
            public class C { [Operation("c.m")] [FunnelEvent("Started")] [return: MaybeNull] public Task M(bool b) => b ? Task.CompletedTask : null; public static bool Call(C c) => c.M(false) is null; }
            """);
        yield return ("returns", "MaybeNull on a struct-constrained result", """
            public class C { [Operation("c.m")] [return: MaybeNull] public T M<T>() where T : struct => default; public static int Call(C c) => c.M<int>(); }
            """);
        yield return ("returns", "MaybeNull out generic", """
            public class C { [Operation("c.m")] public void M<T>([MaybeNull] out T value) { value = default; } public static bool Call(C c) { c.M<string>(out var s); return s is null; } }
            """);
        yield return ("returns", "MaybeNull ref generic", """
            public class C { [Operation("c.m")] public void M<T>([MaybeNull] ref T value) { value = default; } public static bool Call(C c) { var s = "x"; c.M(ref s); return s is null; } }
            """);
        yield return ("returns", "NotNull out nullable generic", """
            public class C { [Operation("c.m")] public void M<T>([NotNull] out T? value) where T : class, new() { value = new T(); } public static object Call(C c) { c.M<object>(out var o); return o.ToString()!; } }
            """);
        yield return ("returns", "DisallowNull ref nullable", """
            public class C { [Operation("c.m")] public void M([DisallowNull] ref string? value) { value = value.Trim(); } public static string? Call(C c) { string? s = " x "; c.M(ref s); return s; } }
            """);
        yield return ("returns", "DoesNotReturnIf parameter", """
            public class C { [Operation("c.m")] public void M([DoesNotReturnIf(false)] bool condition) { if (!condition) throw new InvalidOperationException(); } public static int Call(C c, string? s) { c.M(s is not null); return s.Length; } }
            """);
        yield return ("returns", "MemberNotNull", """
            public class C { public string? F; [Operation("c.m")] [MemberNotNull(nameof(F))] public void Init() { F = "x"; } public static int Call(C c) { c.Init(); return c.F.Length; } }
            """);
        yield return ("returns", "MemberNotNullWhen", """
            public class C { public string? F; [Operation("c.m")] [MemberNotNullWhen(true, nameof(F))] public bool TryInit() { F = "x"; return true; } public static int Call(C c) => c.TryInit() ? c.F.Length : 0; }
            """);
        yield return ("returns", "extension returning nullable Task", """
            public static class E { [Operation("e.m")] public static Task? M(this string s) => null; public static Task? Call() => "x".M(); }
            """);
        yield return ("returns", "extension on a ref struct receiver", """
            public static class E { [Operation("e.m")] public static int M(this ReadOnlySpan<byte> s) => s.Length; public static int Call() => new byte[1].AsSpan().M(); }
            """);
        // A ref struct result that holds a reference a ref/in argument gave it (CommunityToolkit.HighPerformance's
        // Span2D<T>.DangerousCreate(ref T, ...), SpinLockExtensions.Enter(ref SpinLock)): the instrumented path once
        // kept it in a local declared before the try (CS8347, CS9077 in generated code).
        yield return ("returns", "ref struct result from a ref argument", """
            public static class E { [Operation("e.m")] public static Span<int> M(ref int first) => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref first, 1); public static int Call() { var x = 1; return M(ref x).Length; } }
            """);
        yield return ("returns", "ref struct result from an in argument", """
            public static class E { [Operation("e.m")] public static ReadOnlySpan<int> M(in int first) => new ReadOnlySpan<int>(in first); public static int Call() { var x = 1; return M(in x).Length; } }
            """);
        yield return ("returns", "generic ref struct result from a ref argument", """
            public readonly ref struct Window<T> { private readonly Span<T> _span; public Window(ref T first) => _span = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref first, 1); public int Length => _span.Length; }
            public static class E { [Operation("e.m")] public static Window<T> M<T>(ref T first) => new(ref first); public static int Call() { var x = 1; return M(ref x).Length; } }
            """);
        yield return ("returns", "ref struct result of an extension on a ref receiver", """
            public ref struct Held { private ref int _count; public Held(ref int count) { _count = ref count; _count++; } public int Count => _count; }
            public static class E { [Operation("e.m")] public static Held Enter(this ref int count) => new(ref count); public static int Call() { var x = 1; return x.Enter().Count; } }
            """);
        yield return ("returns", "ref struct result over the receiver of an UnscopedRef member", """
            public struct Cell { private int _value; [Operation("c.view")] [System.Diagnostics.CodeAnalysis.UnscopedRef] public Span<int> View() => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref _value, 1); }
            public static class E { public static int Call() { var c = new Cell(); c.View()[0] = 5; return c.View()[0]; } }
            """);
        yield return ("returns", "ref struct result sliced from a span argument", """
            public static class E { [Operation("e.m")] public static Span<int> M(Span<int> s) => s.Slice(1); public static int Call() { Span<int> s = stackalloc int[3]; return M(s).Length; } }
            """);
        yield return ("returns", "ref struct result from a ref argument with a funnel event", """
            public static class E { [Operation("e.m")] [FunnelEvent("Made", Properties = new[] { "length=return.Length" })] public static Span<int> M(ref int first) => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref first, 1); public static int Call() { var x = 1; return M(ref x).Length; } }
            """);
    }

    private static IEnumerable<(string, string, string)> ParameterShapes()
    {
        var parameters = new Dictionary<string, (string Declaration, string Argument)>
        {
            ["ref"] = ("ref int x", "ref local"),
            ["out"] = ("out int x", "out local"),
            ["in"] = ("in int x", "in local"),
            ["ref readonly"] = ("ref readonly int x", "in local"),
            ["params array"] = ("params int[] x", "1, 2"),
            ["params span"] = ("params ReadOnlySpan<int> x", "1, 2"),
            ["params IEnumerable"] = ("params IEnumerable<int> x", "1, 2"),
            ["scoped span"] = ("scoped Span<int> x", "stackalloc int[1]"),
            ["scoped ref"] = ("scoped ref int x", "ref local"),
            ["span"] = ("Span<int> x", "stackalloc int[1]"),
            ["read-only span of char"] = ("ReadOnlySpan<char> x", "\"abc\""),
            ["scoped read-only span"] = ("scoped ReadOnlySpan<char> x", "\"abc\""),
            ["scoped in"] = ("scoped in int x", "in local"),
            ["span attribute on a span"] = ("[SpanAttribute] ReadOnlySpan<char> x", "\"abc\""),
            ["nullable reference"] = ("string? x", "null"),
            ["nullable value"] = ("int? x", "null"),
            ["default value"] = ("int x = 5", string.Empty),
            ["default null string"] = ("string? x = null", string.Empty),
            ["optional decimal"] = ("decimal x = 1.5m", string.Empty),
            ["caller info"] = ("[System.Runtime.CompilerServices.CallerMemberName] string x = \"\"", string.Empty),
            ["pointer"] = ("int* x", "&local"),
            ["function pointer"] = ("delegate*<int, int> x", "null"),
            ["byte pointer span attribute"] = ("[SpanAttribute] byte* x", "null"),
            ["array of pointers span attribute"] = ("[SpanAttribute] int*[] x", "null"),
            ["array of function pointers log field"] = ("[LogField] delegate*<int, int>[][] x", "null"),
            ["NotNull ref"] = ("[NotNull] ref string? x", "ref text"),
            ["NotNullWhen out"] = ("[NotNullWhen(true)] out string? x", "out _"),
            ["MaybeNullWhen out"] = ("[MaybeNullWhen(false)] out string x", "out _"),
            ["AllowNull"] = ("[AllowNull] string x", "null"),
            ["DisallowNull"] = ("[DisallowNull] int? x", "1"),
            ["NotNullIfNotNull"] = ("string? x", "text"),
            ["named this"] = ("int @this", "1"),
            ["named state"] = ("int state", "1"),
            ["named __state"] = ("int __state", "1"),
            ["named __task"] = ("int __task", "1"),
            ["named __result"] = ("int __result", "1"),
            ["named __exception"] = ("int __exception", "1"),
            ["named keyword event"] = ("int @event", "1"),
            ["named contextual var"] = ("int var", "1"),
            ["named value and result"] = ("int value, int result", "1, 2"),
            ["span attribute nullable string"] = ("[SpanAttribute] string? x", "null"),
            ["metric label nullable enum"] = ("[MetricLabel] DayOfWeek? x", "null"),
            ["log field nullable"] = ("[LogField] int? x", "null"),
            ["span attribute keyword name"] = ("[SpanAttribute] int @class", "1"),
            ["metric label keyword name"] = ("[MetricLabel] bool @checked", "true"),
            ["arglist"] = ("__arglist", "__arglist(1)"),
            ["tenant org id nullable"] = ("[OrgId] string? org, [ProjectId] string? project", "null, null"),
        };
        foreach (var (shape, (declaration, argument)) in parameters)
        {
            var isUnsafe = declaration.Contains('*');
            var returnAttributes = shape == "NotNullIfNotNull" ? "[return: NotNullIfNotNull(nameof(x))] " : string.Empty;
            var returnType = shape == "NotNullIfNotNull" ? "string?" : "void";
            var body = shape == "NotNullIfNotNull" ? "=> x;" : (declaration.Contains("out ") ? "{ x = default!; }" : declaration.Contains("[NotNull]") ? "{ x ??= \"\"; }" : "{ }");
            yield return ("parameters", shape, $$"""
                public {{(isUnsafe ? "unsafe " : string.Empty)}}class C
                {
                    [Operation("c.m")] {{returnAttributes}}public {{returnType}} M({{declaration}}) {{body}}
                    public {{(isUnsafe ? "unsafe " : string.Empty)}}void Call()
                    {
                        int local = 1;
                        string? text = "t";
                        M({{argument}});
                        _ = local;
                        _ = text;
                    }
                }
                """);
        }

        var many = string.Join(", ", Enumerable.Range(0, 100).Select(i => "int p" + i));
        var manyArguments = string.Join(", ", Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return ("parameters", "100 parameters", $$"""
            public class C { [Operation("c.m")] public int M({{many}}) => p0 + p99; public int Call() => M({{manyArguments}}); }
            """);
        var manyLabels = string.Join(", ", Enumerable.Range(0, 40).Select(i => "[SpanAttribute][LogField] int p" + i));
        var manyLabelArguments = string.Join(", ", Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return ("parameters", "40 captured parameters", $$"""
            public class C { [Operation("c.m")] public int M({{manyLabels}}) => p0; public int Call() => M({{manyLabelArguments}}); }
            """);

        // A virtual, abstract or interface method's 'in' / 'ref readonly' parameter (and 'ref readonly' result) carries
        // modreq(InAttribute) in its signature, which no static method (an interceptor) can declare: the compiler warns
        // CS9154 in the generated file, an error under TreatWarningsAsErrors (AutoMapper's virtual
        // LetPropertyMaps.GetSubQueryExpression(…, in ProjectionRequest request, …)).
        yield return ("parameters", "in on a virtual method", """
            public readonly struct R { public readonly int V; public R(int v) => V = v; }
            public class C { [Operation("c.m")] public virtual int M(in R r, int y) => r.V + y; public int Call(R r) => M(r, 1) + M(in r, 2); }
            """);
        yield return ("parameters", "in on an override, called on the derived type", """
            public abstract class B { public abstract int M(in int x); }
            public sealed class C : B { [Operation("c.m")] public override int M(in int x) => x; public static int Call(C c) { var v = 1; return c.M(in v) + c.M(2); } }
            """);
        yield return ("parameters", "in on an abstract method", """
            public abstract class B { [Operation("b.m")] public abstract int M(in int x); }
            public sealed class C : B { public override int M(in int x) => x; public static int Call(B b) { var v = 1; return b.M(in v); } }
            """);
        yield return ("parameters", "in on an interface method", """
            public interface I { [Operation("i.m")] int M(in int x); }
            public sealed class C : I { public int M(in int x) => x; public static int Call(I i) { var v = 1; return i.M(in v); } }
            """);
        yield return ("parameters", "ref readonly on a virtual method", """
            public class C { [Operation("c.m")] public virtual int M(ref readonly int x) => x; public int Call() { var v = 1; return M(in v) + M(ref v); } }
            """);
        yield return ("parameters", "in on a virtual method with a span attribute", """
            public class C { [Operation("c.m")] public virtual void M([SpanAttribute] in int x) { } public void Call() { var v = 1; M(in v); } }
            """);
        yield return ("parameters", "in T on a virtual generic method", """
            public class C { [Operation("c.m")] public virtual T M<T>(in T x) where T : struct => x; public int Call() { var v = 1; return M(in v) + M(2); } }
            """);
        yield return ("parameters", "in T of a generic interface called on a constrained type parameter", """
            public interface I<T> { [Operation("i.m")] int M(in T x); }
            public struct S : I<int> { public int M(in int x) => x; }
            public static class U { public static int Call<TI>(TI i) where TI : I<int> { var v = 1; return i.M(in v); } public static int Run() => Call(new S()); }
            """);
        yield return ("parameters", "scoped in and params on a virtual method", """
            public class C { [Operation("c.m")] public virtual int M(scoped in int x, params int[] rest) => x + rest.Length; public int Call() { var v = 1; return M(in v, 1, 2) + M(3); } }
            """);
        yield return ("parameters", "in on a virtual method of a generic class", """
            public class C<T> { [Operation("c.m")] public virtual bool M(in T x, T y) => Equals(x, y); public static bool Call(C<string> c) { var s = "a"; return c.M(in s, "a"); } }
            """);
        yield return ("returns", "ref readonly return of a virtual method", """
            public class C { private int _f = 1; [Operation("c.m")] public virtual ref readonly int M() => ref _f; public int Call() => M(); }
            """);
        yield return ("returns", "in on a virtual Task method", """
            public class C { [Operation("c.m")] public virtual Task<int> M(in int x) => Task.FromResult(x); public Task<int> Call() { var v = 1; return M(in v); } }
            """);
    }

    private static IEnumerable<(string, string, string)> Names()
    {
        foreach (var keyword in new[] { "event", "class", "this", "var", "async", "await", "record", "file", "nameof", "value", "global", "dynamic" })
        {
            yield return ("names", "method named " + keyword, $$"""
                public class C { [Operation("c.m")] public int @{{keyword}}() => 1; public int Call() => this.@{{keyword}}(); }
                """);
        }

        foreach (var keyword in new[] { "class", "event", "default", "this" })
        {
            yield return ("names", "enum label member named " + keyword, $$"""
                public enum Kind { @{{keyword}}, Other }
                public class C { [Operation("c.m")] public void M([MetricLabel] Kind kind) { } public void Call() => M(Kind.@{{keyword}}); }
                """);
        }

        foreach (var keyword in new[] { "@class", "@event", "@namespace.@this", "Instrumentation.Generated", "record.file" })
        {
            yield return ("names", "namespace " + keyword, $$"""
                namespace {{keyword}}
                {
                    public class @record { [Operation("c.m")] public int M() => 1; public int Call() => M(); }
                }
                """);
        }

        foreach (var typeName in new[] { "Interceptors", "GeneratedTelemetry", "Instruments", "Operation0", "MetricDeclarations", "InterceptsLocationAttribute" })
        {
            yield return ("names", "user type " + typeName + " in Instrumentation.Generated", $$"""
                namespace Instrumentation.Generated { public static class {{typeName}} { public static int X => 1; } }
                public class C { [Operation("c.m")] public int M() => Instrumentation.Generated.{{typeName}}.X; public int Call() => M(); }
                """);
        }

        // The generated file's own types were declared in Instrumentation.Generated too: inside that file they hid a user type
        // of the same name there, so an annotated method whose signature named it made the generated code not compile.
        foreach (var typeName in new[] { "Interceptors", "GeneratedTelemetry", "Instruments", "Operation0", "PlainOperations", "MetricDeclarations" })
        {
            yield return ("names", "user type " + typeName + " in Instrumentation.Generated in the signature", $$"""
                namespace Instrumentation.Generated
                {
                    public sealed class {{typeName}}
                    {
                        [Operation("c.m")] public {{typeName}} M({{typeName}} other) => other;
                        [Operation("c.s")] public static int S({{typeName}}? other) => other is null ? 0 : 1;
                    }
                }
                public class C { public object Call() => new Instrumentation.Generated.{{typeName}}().M(new()); public int Call2() => Instrumentation.Generated.{{typeName}}.S(null); }
                """);
        }

        // An assembly marked CLS-compliant checks every name the generated file declares: a namespace "__Sdk" was CS3008
        // (an error under warnings as errors; Newtonsoft.Json is such an assembly).
        yield return ("names", "CLS-compliant assembly", """
            [assembly: System.CLSCompliant(true)]
            public partial class C
            {
                [Operation("c.plain")] public int Plain() => 1;
                [Operation("c.labelled")] public int Labelled([MetricLabel] bool fast) => 1;
                [FunnelEvent("Seen")] public void Seen(int x) { }
                [LogMethod(LogLevel.Information, "Hi {value}")] public static partial void Hi(ILogger logger, int value);
                public int Call(ILogger logger) { Hi(logger, 1); Seen(1); return Plain() + Labelled(true); }
            }
            """);
        yield return ("names", "type named like a keyword with a property", """
            public class @class { public int Count => 1; }
            public class C { [Operation("c.m")] public void M([SpanAttribute] @class value) { } public void Call() => M(new @class()); }
            """);
        yield return ("names", "unicode identifiers", """
            public class Größe { [Operation("c.m")] public int Maß(int ñ) => ñ; public int Call() => Maß(1); }
            """);
        yield return ("names", "file static partial class with log method", """
            file static partial class Log { [LogMethod(LogLevel.Information, "Hi {value}")] public static partial void Hi(ILogger logger, int value); }
            file static class Use { public static void Call(ILogger l) => Log.Hi(l, 1); }
            """);
        yield return ("names", "file class with operation", """
            file sealed class Hidden { [Operation("h.m")] public int M() => 1; public int Call() => M(); }
            """);
        yield return ("names", "private nested type", """
            public class Outer { private sealed class Inner { [Operation("i.m")] public int M() => 1; public int Call() => M(); } }
            """);
        yield return ("names", "protected method", """
            public class C { [Operation("c.m")] protected int M() => 1; public int Call() => M(); }
            """);
        yield return ("names", "private protected method", """
            public class C { [Operation("c.m")] private protected int M() => 1; public int Call() => M(); }
            """);
        // A call bound to an override/implementation of an annotated member declared where generated code cannot name it
        // (Scriban's private nested CompressWhitespacesVisitor overriding the annotated public ScriptVisitor.Visit): the
        // interceptor's receiver was that type, CS0122 in the generated file.
        yield return ("names", "override in a private nested type", """
            public abstract class V { [Operation("v.visit")] public virtual void Visit(int n) { } }
            public class Outer { private sealed class W : V { public override void Visit(int n) { } public void Call() => Visit(1); } }
            """);
        yield return ("names", "override in a protected nested type", """
            public abstract class V { [Operation("v.visit")] public virtual void Visit(int n) { } }
            public class Outer { protected sealed class W : V { public override void Visit(int n) { } } public void Call() => new W().Visit(1); }
            """);
        yield return ("names", "override in a file type", """
            public abstract class V { [Operation("v.visit")] public virtual void Visit(int n) { } }
            file sealed class W : V { public override void Visit(int n) { } public void Call() => Visit(1); }
            """);
        yield return ("names", "interface implementation in a private nested type", """
            public interface I { [Operation("i.run")] int Run(); }
            public class Outer { private sealed class R : I { public int Run() => 1; } public int Call() => new R().Run(); }
            """);
    }

    private static IEnumerable<(string, string, string)> Generics()
    {
        var constraints = new Dictionary<string, string>
        {
            ["none"] = string.Empty,
            ["class"] = "where T : class",
            ["class?"] = "where T : class?",
            ["struct"] = "where T : struct",
            ["unmanaged"] = "where T : unmanaged",
            ["notnull"] = "where T : notnull",
            ["new()"] = "where T : new()",
            ["interface"] = "where T : IComparable<T>",
            ["allows ref struct"] = "where T : allows ref struct",
            ["base class and new"] = "where T : Exception, new()",
            ["enum"] = "where T : struct, Enum",
            ["delegate"] = "where T : Delegate",
        };
        var arguments = new Dictionary<string, string>
        {
            ["none"] = "1", ["class"] = "\"s\"", ["class?"] = "\"s\"", ["struct"] = "1", ["unmanaged"] = "1", ["notnull"] = "1",
            ["new()"] = "1", ["interface"] = "1", ["allows ref struct"] = "1", ["base class and new"] = "new Exception()",
            ["enum"] = "DayOfWeek.Monday", ["delegate"] = "(Action)(() => { })",
        };
        foreach (var (label, constraint) in constraints)
        {
            yield return ("generics", "method constraint " + label, $$"""
                public static class C { [Operation("c.m")] public static T M<T>(T value) {{constraint}} => value; public static void Call() => M({{arguments[label]}}); }
                """);
            yield return ("generics", "type constraint " + label, $$"""
                public class C<T> {{constraint}} { [Operation("c.m")] public T M(T value) => value; }
                public static class U { public static void Call(C<{{Arg(label)}}> c) => c.M({{arguments[label]}}); }
                """);
        }

        yield return ("generics", "nested generics", """
            public class Outer<T> { public class Inner<U> { [Operation("o.i.m")] public V M<V>(T t, U u, V v) => v; } }
            public static class Use { public static string Call(Outer<int>.Inner<List<Dictionary<string, int?>>> i) => i.M(1, new(), "s"); }
            """);
        // A generic method that calls itself with its own type parameter (AngleSharp's recursive
        // NodeExtensions.FindDescendant<TNode>(this INode parent, int maxDepth) where TNode : class, INode).
        yield return ("generics", "recursive generic extension with its own type parameter", """
            public interface INode { INode[] Children { get; } }
            public static class E
            {
                [Operation("e.find")] public static TNode? Find<TNode>(this INode parent, int depth = 8) where TNode : class, INode
                {
                    foreach (var node in parent.Children) { var hit = node as TNode ?? node.Find<TNode>(depth - 1); if (hit is not null) return hit; }
                    return null;
                }
                public static INode? Call(INode root) => root.Find<INode>();
            }
            """);
        yield return ("generics", "recursive generic static method with its own type parameter", """
            public static class C { [Operation("c.m")] public static T M<T>(T value, int n) => n == 0 ? value : M<T>(value, n - 1); public static int Call() => M(1, 2); }
            """);
        yield return ("generics", "recursive generic instance method with its own type parameter", """
            public class C { [Operation("c.m")] public T M<T>(T value, int n) where T : notnull => n == 0 ? value : M(value, n - 1); public int Call() => M(1, 2); }
            """);
        yield return ("generics", "generic method calling itself with a type built from its own type parameter", """
            public static class C { [Operation("c.m")] public static int M<T>(T value, int n) => n == 0 ? 1 : M<List<T>>(new List<T> { value }, n - 1); public static int Call() => M(1, 2); }
            """);
        yield return ("generics", "generic method of a generic class called inside the class with the class's type parameter", """
            public class C<T> { [Operation("c.m")] public U M<U>(U value) => value; public T Call(T t) => M(t); public int Other() => M<int>(1); }
            public static class D { public static string Call(C<string> c) => c.Call("a"); }
            """);
        yield return ("generics", "generic method called with a type parameter of its caller", """
            public static class C { [Operation("c.m")] public static T M<T>(T value) where T : class => value; public static U Call<U>(U u) where U : class => M(u); }
            """);
        yield return ("generics", "record", """
            public record R(int X) { [Operation("r.m")] public int M() => X; public int Call() => M(); }
            """);
        yield return ("generics", "record struct", """
            public record struct R(int X) { [Operation("r.m")] public int M() => X; public int Call() => M(); }
            """);
        yield return ("generics", "readonly struct", """
            public readonly struct S { [Operation("s.m")] public int M() => 1; public int Call() => M(); }
            """);
        yield return ("generics", "ref struct containing type", """
            public ref struct S { [Operation("s.m")] public int M() => 1; public int Call() => M(); }
            """);
        yield return ("generics", "struct receiver in a readonly field", """
            public struct S { public int V; [Operation("s.m")] public int M() => V++; }
            public class C { private readonly S _s; public int Call() => _s.M(); }
            """);
        yield return ("generics", "generic method on a generic struct", """
            public struct S<T> { [Operation("s.m")] public U M<U>(T t, U u) => u; }
            public static class C { public static int Call(S<string> s) => s.M("a", 1); }
            """);
        // Constraints declared where nullable annotations are disabled are oblivious: 'class' there admits string?. The
        // interceptor (in an enabled file) repeated them as non-nullable, so a nullable type argument was CS8634/CS8631
        // inside the generated file.
        yield return ("generics", "oblivious constraints with nullable type arguments", """
            #nullable disable
            public static class O
            {
                [Operation("o.m")] public static T M<T>(T value) where T : class => value;
                [Operation("o.d")] public static T D<T>(T value) where T : IDisposable => value;
                [Operation("o.e")] public static T E<T>(T value) where T : Exception, new() => value;
                [Operation("o.s")] public static T S<T>(T value) where T : struct, Enum => value;
            }
            public sealed class Box<T> where T : class { [Operation("box.get")] public T Get() => default; }
            #nullable enable
            public static class C
            {
                public static string? Call(System.IO.Stream? stream, Exception? e)
                {
                    O.D<System.IO.Stream?>(stream);
                    O.E<Exception?>(e);
                    O.S(DayOfWeek.Monday);
                    _ = new Box<string?>().Get();
                    return O.M<string?>(null);
                }
            }
            """);
        // A nullable type argument the user's file does not warn about ('#nullable enable annotations', or a #pragma at the
        // call) was reported again at the interceptor's [InterceptsLocation] in the generated file (CS8714/CS8634/CS8631).
        yield return ("generics", "nullable type arguments where the call does not warn", """
            public static class N
            {
                [Operation("n.nn")] public static string NotNull<T>(T value) where T : notnull => "nn";
                [Operation("n.cls")] public static string Class<T>(T value) where T : class => "cls";
                [Operation("n.dis")] public static string Disposable<T>(T value) where T : IDisposable => "dis";
            }
            public sealed class Box<T> where T : notnull { [Operation("box.get")] public int Get() => 1; }
            #nullable enable annotations
            public static class C
            {
                public static void Call()
                {
                    N.NotNull<string?>(null);
                    N.Class<string?>(null);
                    N.Disposable<IDisposable?>(null);
                    new Box<string?>().Get();
                }
            }
            #nullable enable
            public static class D
            {
            #pragma warning disable CS8714
                public static string Call() => N.NotNull<string?>(null);
            #pragma warning restore CS8714
            }
            """);
        yield return ("generics", "nullable type argument", """
            public static class C { [Operation("c.m")] public static T? M<T>(T? value) where T : class => value; public static string? Call() => M<string>(null); }
            """);
    }

    private static string Arg(string constraint) => constraint switch
    {
        "class" or "class?" => "string",
        "base class and new" => "Exception",
        "enum" => "DayOfWeek",
        "delegate" => "Action",
        _ => "int",
    };

    private static IEnumerable<(string, string, string)> CallForms()
    {
        const string Declaration = "public class C { [Operation(\"c.m\")] public int M(int x) => x; [Operation(\"c.s\")] public static int S(int x) => x; }\n";
        var forms = new Dictionary<string, string>
        {
            ["expression tree"] = "public static class U { public static Expression<Func<C, int>> Call() => c => c.M(1); }",
            ["expression tree static"] = "public static class U { public static Expression<Func<int>> Call() => () => C.S(1); }",
            ["queryable"] = "public static class U { public static IQueryable<int> Call(IQueryable<C> q) => q.Select(c => c.M(1)); }",
            ["nameof"] = "public static class U { public static string Call(C c) => nameof(c.M) + nameof(C.S); }",
            ["method group"] = "public static class U { public static Func<int, int> Call(C c) => c.M; }",
            ["delegate invoke"] = "public static class U { public static int Call(C c) { Func<int, int> f = c.M; return f(1); } }",
            ["conditional access"] = "public static class U { public static int? Call(C? c) => c?.M(1); }",
            ["named argument"] = "public static class U { public static int Call(C c) => c.M(x: 1); }",
            ["dynamic argument"] = "public static class U { public static object Call(C c, dynamic d) => c.M(d); }",
            ["dynamic receiver"] = "public static class U { public static object Call(dynamic c) => c.M(1); }",
            ["inside lambda"] = "public static class U { public static Func<int> Call(C c) => () => c.M(1); }",
            ["inside async lambda"] = "public static class U { public static Func<Task<int>> Call(C c) => async () => { await Task.Yield(); return c.M(1); }; }",
            ["inside local function"] = "public static class U { public static int Call(C c) { int Local() => c.M(1); return Local(); } }",
            ["inside query expression"] = "public static class U { public static IEnumerable<int> Call(C c, int[] xs) => from x in xs select c.M(x); }",
            ["static using"] = "public static class U { public static int Call() => C.S(C.S(1)); }",
            ["this call"] = "public class D : C { public int Call() => this.M(1) + base.M(2); }",
            ["base call in override"] = "public class A { [Operation(\"a.v\")] public virtual int V() => 1; } public class B : A { public override int V() => base.V() + 1; }",
            ["interpolated argument"] = "public static class U { public static int Call(C c) => c.M($\"{1}\".Length); }",
            ["in attribute argument position"] = "public static class U { public static int Call(C c) => c.M(c.M(c.M(1))); }",
            ["in field initializer"] = "public class U { private static readonly C Instance = new(); public int Value = Instance.M(1); }",
            ["in const-like default"] = "public class U { public int Call(C c, int v = 1) => c.M(v); }",
            ["in switch expression"] = "public static class U { public static int Call(C c, int k) => k switch { 1 => c.M(1), _ => C.S(2) }; }",
            ["in throw expression"] = "public static class U { public static int Call(C? c) => c?.M(1) ?? throw new InvalidOperationException(); }",
            ["in using declaration"] = "public static class U { public static int Call(C c) { using var s = new System.IO.MemoryStream(c.M(1)); return (int)s.Length; } }",
            ["in top-level statements"] = "",
        };
        foreach (var (label, use) in forms)
        {
            if (label == "in top-level statements")
            {
                yield return ("calls", label, "var c = new C();\nSystem.Console.WriteLine(c.M(1) + C.S(2));\n" + Declaration);
                continue;
            }

            yield return ("calls", label, Declaration + use);
        }
    }

    private static IEnumerable<(string, string, string)> BrokenCode()
    {
        var broken = new Dictionary<string, string>
        {
            ["missing closing brace"] = "public class C { [Operation(\"c.m\")] public void M() { } public void Call() => M();",
            ["missing parameter list end"] = "public class C { [Operation(\"c.m\")] public void M( { } public void Call() => M(); }",
            ["missing body"] = "public class C { [Operation(\"c.m\")] public void M() public void Call() => M(); }",
            ["missing attribute argument"] = "public class C { [Operation(] public void M() { } public void Call() => M(); }",
            ["unterminated string argument"] = "public class C { [Operation(\"c.m)] public void M() { } public void Call() => M(); }",
            ["unresolved parameter type"] = "public class C { [Operation(\"c.m\")] public void M(Missing m) { } public void Call() => M(null!); }",
            ["unresolved return type"] = "public class C { [Operation(\"c.m\")] public Missing M() => null!; public void Call() => M(); }",
            ["unresolved generic argument"] = "public class C { [Operation(\"c.m\")] public List<Missing> M() => null!; public void Call() => M(); }",
            ["unresolved base type"] = "public class C : MissingBase { [Operation(\"c.m\")] public void M() { } public void Call() => M(); }",
            ["unresolved attribute"] = "public class C { [Operationn(\"c.m\")] public void M() { } public void Call() => M(); }",
            ["call with wrong argument count"] = "public class C { [Operation(\"c.m\")] public void M(int x) { } public void Call() => M(); }",
            ["call with wrong argument type"] = "public class C { [Operation(\"c.m\")] public void M(int x) { } public void Call() => M(\"s\"); }",
            ["ambiguous overloads"] = "public class C { [Operation(\"c.m\")] public void M(int? x) { } [Operation(\"c.m2\")] public void M(string? x) { } public void Call() => M(null); }",
            ["duplicate method"] = "public class C { [Operation(\"c.m\")] public void M() { } [Operation(\"c.m\")] public void M() { } public void Call() => M(); }",
            ["duplicate attribute"] = "public class C { [Operation(\"c.m\")][Operation(\"c.n\")] public void M() { } public void Call() => M(); }",
            ["two operation attributes"] = "public class C { [Operation(\"c.m\")][Ingest(\"c.i\")] public void M(TenantContext t) { } public void Call() => M(new TenantContext(\"o\", \"p\")); }",
            ["operation and flow node"] = "public class C { [FlowNode(\"c.f\")][Operation(\"c.m\")] public void M() { } public void Call() => M(); }",
            ["look-alike attribute in another namespace"] = "namespace Other { public sealed class OperationAttribute : System.Attribute { public OperationAttribute(string s) { } } public class C { [Operation(\"c.m\")] public void M() { } public void Call() => M(); } }",
            ["look-alike attribute named FunnelEvent"] = "namespace Other { public sealed class FunnelEventAttribute : System.Attribute { public FunnelEventAttribute(string s) { } } public class C { [FunnelEvent(\"E\")] public void M() { } public void Call() => M(); } }",
            ["user attribute derived from InstrumentedOperationAttribute"] = "public sealed class MyOpAttribute : InstrumentedOperationAttribute { public MyOpAttribute() : base(\"my.op\") { } } public class C { [MyOp] public void M() { } public void Call() => M(); }",
            ["attribute on a class"] = "[Operation(\"c.m\")] public class C { public void M() { } public void Call() => M(); }",
            ["attribute on a field"] = "public class C { [Operation(\"c.m\")] public int F; public int Call() => F; }",
            ["attribute on a parameter"] = "public class C { public void M([Operation(\"c.m\")] int x) { } public void Call() => M(1); }",
            ["attribute on a return"] = "public class C { [return: Operation(\"c.m\")] public int M() => 1; public int Call() => M(); }",
            ["obsolete target"] = "public class C { [Obsolete(\"old\")][Operation(\"c.m\")] public int M() => 1; #pragma warning disable CS0618\n public int Call() => M();\n#pragma warning restore CS0618\n }",
            ["obsolete target called from an obsolete member"] = "public class C { [Obsolete(\"old\")][Operation(\"c.m\")] public int M() => 1; [Obsolete(\"caller\")] public int Call() => M(); }",
            ["obsolete type, call suppressed around the caller"] = "[Obsolete(\"old\")] public class Old { [Operation(\"c.m\")] public int M() => 1; }\n#pragma warning disable CS0618\npublic static class U { public static int Call(Old o) => o.M(); }\n#pragma warning restore CS0618",
            ["obsolete interface member"] = "public interface I { [Obsolete(\"old\")][Operation(\"c.m\")] int M(); } public sealed class D : I { public int M() => 1; }\n#pragma warning disable CS0618\npublic static class U { public static int Call(I i) => i.M(); }\n#pragma warning restore CS0618",
            ["obsolete generic target"] = "public class C { [Obsolete(\"old\")][Operation(\"c.m\")] public T M<T>(T value) => value; #pragma warning disable CS0618\n public int Call() => M(1);\n#pragma warning restore CS0618\n }",
            ["ref struct parameter and return of a user type"] = "public ref struct Buf { public int Length; } public class C { [Operation(\"c.m\")] public int M(Buf b) => b.Length; [Operation(\"c.n\")] public Buf N(scoped ref Buf b) => default; public int Call() { var b = new Buf(); _ = N(ref b); return M(b); } }",
            ["obsolete error target"] = "public class C { [Obsolete(\"old\", true)][Operation(\"c.m\")] public int M() => 1; }",
            ["experimental target"] = "public class C { [Experimental(\"X0001\")][Operation(\"c.m\")] public int M() => 1; #pragma warning disable X0001\n public int Call() => M();\n#pragma warning restore X0001\n }",
            ["experimental type"] = "[Experimental(\"X0002\")] public class C { [Operation(\"c.m\")] public int M() => 1; } #pragma warning disable X0002\n public static class U { public static int Call(C c) => c.M(); }",
            ["experimental enum as label, span attribute and log parameter"] = "[Experimental(\"X0003\")] public enum Trial { Small, Large }\n#pragma warning disable X0003\npublic static partial class C { [Operation(\"c.m\")] public static int M([MetricLabel] Trial kind, [SpanAttribute] Trial shape) => 1; [LogMethod(LogLevel.Information, \"Trial {kind}\")] public static partial void Seen(ILogger logger, Trial kind); public static int Call(ILogger logger) { Seen(logger, Trial.Large); return M(Trial.Large, Trial.Small); } }\n#pragma warning restore X0003",
            ["funnel property of an error-obsolete enum on an obsolete method"] = "[Obsolete(\"gone\", true)] public enum OldPlan { Free, Pro }\npublic static class C { [Obsolete(\"old\")][Operation(\"c.m\")][FunnelEvent(\"OldPlanChosen\", Properties = new[] { \"plan=plan\" })] public static int M(OldPlan plan) => 1; [Obsolete(\"caller\")] public static int Call() => M(OldPlan.Pro); }",
            ["funnel property of an experimental enum"] = "[Experimental(\"X0004\")] public enum Trial { Free, Pro }\n#pragma warning disable X0004\npublic static class C { [Operation(\"c.m\")][FunnelEvent(\"TrialChosen\", Properties = new[] { \"plan=plan\" })] public static int M(Trial plan) => 1; public static int Call() => M(Trial.Pro); }\n#pragma warning restore X0004",
            ["conditional method"] = "public class C { [System.Diagnostics.Conditional(\"DEBUG\")][Operation(\"c.m\")] public void M() { } public void Call() => M(); }",
            ["method with attribute inside #if false"] = "public class C {\n#if NEVER\n[Operation(\"c.m\")]\n#endif\n public void M() { } public void Call() => M(); }",
            ["recursive annotated method"] = "public class C { [Operation(\"c.m\")] public int M(int n) => n <= 0 ? 0 : M(n - 1); public int Call() => M(3); }",
            ["mutually annotated calls"] = "public class C { [Operation(\"c.a\")] public int A(int n) => n <= 0 ? 0 : B(n - 1); [Operation(\"c.b\")] public int B(int n) => A(n); public int Call() => A(3); }",
            ["unsafe context call of a safe method"] = "public unsafe class C { [Operation(\"c.m\")] public int M(int x) => x; public int Call() { int v = 1; int* p = &v; return M(*p); } }",
            ["extension on nullable receiver"] = "public static class E { [Operation(\"e.m\")] public static int M(this string? s) => s?.Length ?? 0; public static int Call() => ((string?)null).M(); }",
            ["extension on generic receiver"] = "public static class E { [Operation(\"e.m\")] public static T M<T>(this T s) where T : class => s; public static string Call() => \"x\".M(); }",
            ["extension on struct by in"] = "public static class E { [Operation(\"e.m\")] public static int M(this in DateTime d) => d.Day; public static int Call() => DateTime.Now.M(); }",
            ["extension block"] = "public static class E { extension(string s) { [Operation(\"e.m\")] public int M() => s.Length; } public static int Call() => \"x\".M(); }",
        };
        foreach (var (label, source) in broken)
        {
            yield return ("broken", label, source);
        }
    }

    private static IEnumerable<(string, string, string)> LogMethods()
    {
        var templates = new Dictionary<string, string>
        {
            ["plain"] = "\"Hello {value}\"",
            ["null"] = "null!",
            ["empty"] = "\"\"",
            ["unclosed brace"] = "\"Hello {value\"",
            ["stray close brace"] = "\"Hello value}\"",
            ["escaped braces"] = "\"{{literal}} {value}\"",
            ["placeholder without parameter"] = "\"Hello {value} {missing}\"",
            ["empty placeholder"] = "\"Hello {} {value}\"",
            ["alignment and format"] = "\"Hello {value,10:N2}\"",
            ["positional placeholder"] = "\"Hello {0}\"",
            ["at and dollar prefixes"] = "\"Hello {@value} {$value}\"",
            ["unicode"] = "\"Grüße {value} ✓\"",
            ["huge"] = "\"" + new string('x', 5000) + " {value}\"",
            ["quotes and backslashes"] = "\"\\\"{value}\\\\\"",
            ["line separator"] = "\"a\\u2028{value}\"",
            ["keyword placeholder"] = "\"Hello {class}\"",
        };
        foreach (var (label, template) in templates)
        {
            var parameter = label == "keyword placeholder" ? "int @class" : "int value";
            yield return ("logging", "template " + label, $$"""
                public static partial class Log { [LogMethod(LogLevel.Information, {{template}})] public static partial void M(ILogger logger, {{parameter}}); }
                public static class Use { public static void Call(ILogger l) => Log.M(l, 1); }
                """);
        }

        var shapes = new Dictionary<string, string>
        {
            ["generic"] = "public static partial void M<T>(ILogger logger, T value);",
            ["out parameter"] = "public static partial void M(ILogger logger, out int value);",
            ["ref parameter"] = "public static partial void M(ILogger logger, ref int value);",
            ["no logger"] = "public static partial void M(int value);",
            ["returns int"] = "public static partial int M(ILogger logger, int value);",
            ["ref struct parameter"] = "public static partial void M(ILogger logger, ReadOnlySpan<byte> value);",
            ["pointer parameter"] = "public static unsafe partial void M(ILogger logger, int* value);",
            ["params"] = "public static partial void M(ILogger logger, params string[] value);",
            ["nullable logger"] = "public static partial void M(ILogger? logger, int value);",
            ["generic logger"] = "public static partial void M(ILogger<Use> logger, int value);",
            ["extension"] = "public static partial void M(this ILogger logger, int value);",
            ["parameter named logger twice"] = "public static partial void M(ILogger logger, ILogger other, int value);",
            ["keyword parameter"] = "public static partial void M(ILogger logger, int @event);",
            ["personal data parameter"] = "public static partial void M(ILogger logger, [PersonalData] string value);",
            ["nullable personal data"] = "public static partial void M(ILogger logger, [PersonalData] string? value);",
            ["exception parameter"] = "public static partial void M(ILogger logger, Exception? error, int value);",
            ["async"] = "public static partial Task M(ILogger logger, int value);",
            ["not partial"] = "public static void M(ILogger logger, int value) { }",
            ["already implemented"] = "public static partial void M(ILogger logger, int value); public static partial void M(ILogger logger, int value) { }",
            ["default parameter"] = "public static partial void M(ILogger logger, int value = 3);",
        };
        foreach (var (label, declaration) in shapes)
        {
            var isUnsafe = declaration.Contains("unsafe");
            yield return ("logging", "shape " + label, $$"""
                public static partial class Log { [LogMethod(LogLevel.Information, "Value {value}")] {{declaration}} }
                public static class Use { }
                """);
            _ = isUnsafe;
        }

        var containers = new Dictionary<string, string>
        {
            ["instance in non-static class"] = "public partial class Log { private readonly ILogger _logger = null!; [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(int value); }",
            ["extension in non-static class"] = "public partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(this ILogger logger, int value); }",
            ["instance without logger member"] = "public partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(int value); }",
            ["two logger fields"] = "public partial class Log { private readonly ILogger _a = null!; private readonly ILogger _b = null!; [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(int value); }",
            ["generic class"] = "public static partial class Log<T> { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, T value); }",
            ["nested class"] = "public static partial class Outer { public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); } }",
            ["nested in non-partial"] = "public static class Outer { public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); } }",
            ["struct"] = "public partial struct Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); }",
            ["record"] = "public partial record Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); }",
            ["interface"] = "public partial interface ILog { [LogMethod(LogLevel.Information, \"V {value}\")] static partial void M(ILogger logger, int value); }",
            ["keyword class name"] = "public static partial class @class { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); }",
            ["keyword namespace"] = "namespace @event { public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); } }",
            ["keyword method name"] = "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void @event(ILogger logger, int value); }",
            ["level out of range"] = "public static partial class Log { [LogMethod((LogLevel)99, \"V {value}\")] public static partial void M(ILogger logger, int value); }",
            ["duplicate event ids by name"] = "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value); [LogMethod(LogLevel.Information, \"W {value}\")] public static partial void M(ILogger logger, long value); }",
        };
        foreach (var (label, declaration) in containers)
        {
            yield return ("logging", "container " + label, declaration);
        }
    }

    private static IEnumerable<(string, string, string)> FunnelPaths()
    {
        const string Types = """
            public sealed class Account { public string Id { get; set; } = ""; public Owner? Owner { get; set; } public int? Count { get; set; } public List<int> Items { get; } = new(); public DateTime Created { get; set; } }
            public sealed class Owner { public string? Email { get; set; } public Guid Id { get; set; } }
            public struct Point { public int X; }

            """;
        var paths = new Dictionary<string, string>
        {
            ["parameter"] = "EntityId = \"account.Id\"",
            ["nullable member chain"] = "EntityId = \"account.Owner.Email\"",
            ["nullable value member"] = "Properties = new[] { \"count=account.Count\" }",
            ["guid through nullable"] = "Properties = new[] { \"owner=account.Owner.Id\" }",
            ["missing member"] = "EntityId = \"account.Nope\"",
            ["missing parameter"] = "EntityId = \"nobody.Id\"",
            ["trailing dot"] = "EntityId = \"account.\"",
            ["leading dot"] = "EntityId = \".account\"",
            ["double dot"] = "EntityId = \"account..Id\"",
            ["method call"] = "EntityId = \"account.ToString()\"",
            ["indexer"] = "EntityId = \"account.Items[0]\"",
            ["collection value"] = "Properties = new[] { \"items=account.Items\" }",
            ["result"] = "EntityId = \"result\"",
            ["result member"] = "EntityId = \"result.Id\"",
            ["struct field"] = "Properties = new[] { \"x=point.X\" }",
            ["date property"] = "Properties = new[] { \"created=account.Created\" }",
            ["since timestamp nullable"] = "SinceProperty = \"since\", SinceEvent = \"Other\", SinceTimestamp = \"account.Created\"",
            ["keyword parameter"] = "EntityId = \"event\"",
            ["unicode property name"] = "Properties = new[] { \"größe=account.Id\" }",
            ["whitespace around"] = "Properties = new[] { \" id = account.Id \" }",
        };
        foreach (var (label, path) in paths)
        {
            var returnType = label.StartsWith("result", System.StringComparison.Ordinal) ? "Account" : "void";
            var body = returnType == "void" ? "{ }" : "=> account;";
            var extra = label == "keyword parameter" ? ", string @event" : string.Empty;
            var extraArgument = label == "keyword parameter" ? ", \"e\"" : string.Empty;
            foreach (var withOperation in new[] { false, true })
            {
                yield return ("funnel", "path " + label + (withOperation ? " with operation" : string.Empty), Types + $$"""
                    public class C
                    {
                        [FunnelEvent("Evt", {{path}})]{{(withOperation ? "[Operation(\"c.m\")]" : string.Empty)}} public {{returnType}} M(Account account, Point point{{extra}}) {{body}}
                        public void Call() => M(new Account(), new Point(){{extraArgument}});
                    }
                    """);
            }
        }
    }

    /// <summary>
    /// C# 14 (.NET 10 SDK) and the newest C# 13 shapes, as declarations and as call sites (a stranger trial, 2026-12-05): extension
    /// blocks (INS0007 for their members, INS0100 for log methods; calls of ordinary operations inside them are instrumented),
    /// the <c>field</c> keyword, null-conditional assignment, instance compound assignment and increment operators, partial
    /// constructors and events, first-class span conversions (a string or array passed to a span parameter or receiver),
    /// <c>params</c> spans and collections with collection expressions, <c>nameof</c> of an unbound generic type, lambdas with
    /// modifiers and no types, <c>allows ref struct</c>, <c>scoped</c> and ref structs implementing interfaces.
    /// </summary>
    private static IEnumerable<(string, string, string)> CSharp14()
    {
        var cases = new Dictionary<string, string>
        {
            ["extension block static member"] = "public static class E { extension(string) { [Operation(\"e.m\")] public static int M() => 1; } public static int Call() => string.M(); }",
            ["extension block generic"] = "public static class E { extension<T>(T x) where T : class { [Operation(\"e.m\")] public int M() => 1; } public static int Call() => \"x\".M(); }",
            ["extension block ref receiver"] = "public static class E { extension(ref int x) { [Operation(\"e.m\")] public void Inc() => x++; } public static int Call() { var i = 1; i.Inc(); return i; } }",
            ["extension block in receiver"] = "public struct S { public int V; } public static class E { extension(in S s) { [Operation(\"e.m\")] public int Get() => s.V; } public static int Call() { var s = new S(); return s.Get(); } }",
            ["extension block member called in static form"] = "public static class E { extension(string s) { [Operation(\"e.m\")] public int M() => s.Length; } public static int Call() => E.M(\"x\"); }",
            ["extension block span attribute parameter"] = "public static class E { extension(string s) { [Operation(\"e.m\")] public int M([SpanAttribute(\"n\")] int n) => s.Length + n; } public static int Call() => \"x\".M(1); }",
            ["extension block span attribute receiver"] = "public static class E { extension([SpanAttribute(\"s\")] string s) { [Operation(\"e.m\")] public int M() => s.Length; } public static int Call() => \"x\".M(); }",
            ["extension block metric label"] = "public enum K { A, B } public static class E { extension(string s) { [Operation(\"e.m\")] public int M([MetricLabel(\"k\")] K k) => 1; } public static int Call() => \"x\".M(K.A); }",
            ["extension block funnel event"] = "public static class E { extension(string s) { [Operation(\"e.m\")][FunnelEvent(\"X\")] public int M() => s.Length; } public static int Call() => \"x\".M(); }",
            ["extension block log method"] = "public static partial class E { extension(ILogger logger) { [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(int value); } public static void Call(ILogger l) => l.M(1); }",
            ["classic extension called in an extension property"] = "public static class E { [Operation(\"e.m\")] public static int M(this string s) => s.Length; extension(string s) { public int P => s.M(); } public static int Call() => \"x\".P; }",
            ["instance operation called in extension members"] = "public class C { [Operation(\"c.m\")] public int M() => 1; } public static class E { extension(C c) { public int P => c.M(); public int Q() => c.M(); } public static int Call(C c) => c.P + c.Q(); }",
            ["struct operation through a ref extension receiver"] = "public struct S { public int V; [Operation(\"s.inc\")] public void Inc() => V++; } public static class E { extension(ref S s) { public void Bump() => s.Inc(); } public static int Call() { var s = new S(); s.Bump(); return s.V; } }",
            ["struct operation on an in extension receiver"] = "public struct S { public int V; [Operation(\"s.inc\")] public void Inc() => V++; [Operation(\"s.get\")] public readonly int Get() => V; } public static class E { extension(in S s) { public int Peek() { s.Inc(); return s.Get(); } } }",
            ["struct operation on a by-value extension receiver"] = "public struct S { public int V; [Operation(\"s.inc\")] public void Inc() => V++; } public static class E { extension(S s) { public int Bumped() { s.Inc(); return s.V; } } public static int Call() { var s = new S(); return s.Bumped() + s.V; } }",
            ["generic operation in a generic extension block"] = "public static class E { [Operation(\"e.c\")] public static int Compute<T>(List<T> l) => l.Count; extension<T>(List<T> l) { public int C2 => Compute(l); public static int Count2(List<T> x) => Compute<T>(x); } public static int Call() => new List<int>().C2 + List<int>.Count2(new List<int>()); }",
            ["interface operation on a class-constrained extension receiver"] = "public interface IH { [Operation(\"h.m\")] int M(); } public static class E { extension<T>(T x) where T : class, IH { public int P => x.M(); } }",
            ["operation in an extension operator"] = "public struct V { public int X; } public static class E { extension(V) { public static V operator +(V a, V b) => new V { X = Compute(a.X + b.X) }; } [Operation(\"e.c\")] public static int Compute(int x) => x; public static int Call() => (new V() + new V()).X; }",
            ["field keyword accessors"] = "public class C { [Operation(\"c.m\")] public static int Compute(int v) => v * 2; public int P { get => field; set => field = Compute(value); } public int Q { get => field == 0 ? Compute(1) : field; } }",
            ["field keyword struct receiver in a struct"] = "public struct Counter { public int N; [Operation(\"c.inc\")] public int Inc() => ++N; } public struct W { public Counter C { get { field.Inc(); return field; } } }",
            ["field keyword struct receiver in a class"] = "public struct Counter { public int N; [Operation(\"c.inc\")] public int Inc() => ++N; } public class W { public Counter C { get { field.Inc(); return field; } } }",
            ["field keyword in a readonly struct"] = "public struct Counter { public int N; [Operation(\"c.inc\")] public int Inc() => ++N; } public readonly struct W { public Counter C { get => field; init => field = value; } public int P => C.Inc(); }",
            ["null-conditional assignment"] = "public class A { public int P { get; set; } public int[] Items = new int[1]; } public class C { [Operation(\"c.m\")] public static int Compute() => 3; public static void Call(A? a) { a?.P = Compute(); a?.Items[0] = Compute(); a?.P += Compute(); } }",
            ["null-conditional assignment on an operation's result"] = "public class A { public int P { get; set; } } public class C { [Operation(\"c.make\")] public static A? Make() => new A(); public static void Call() { Make()?.P = 1; Make()?.P += 2; } }",
            ["null-conditional assignment of an awaited operation"] = "public class A { public int P { get; set; } } public class C { [Operation(\"c.get\")] public static Task<int> GetAsync() => Task.FromResult(1); public static async Task Call(A? a) { a?.P = await GetAsync(); } }",
            ["instance compound assignment and increment operators"] = "public class Acc { public int V; public void operator +=(int x) => V += x; public void operator ++() => V++; } public class C { [Operation(\"c.m\")] public static int Compute() => 3; public static int Call() { var a = new Acc(); a += Compute(); a++; return a.V; } }",
            ["checked instance compound assignment"] = "public class Acc { public int V; public void operator +=(int x) => V += x; public void operator checked +=(int x) => V = checked(V + x); } public class C { [Operation(\"c.v\")] public static int V() => 1; public static void Call() { var a = new Acc(); checked { a += V(); } a += V(); } }",
            ["annotated instance compound assignment operator"] = "public class Acc { public int V; [Operation(\"acc.add\")] public void operator +=(int x) => V += x; } public class C { public static int Call() { var a = new Acc(); a += 1; return a.V; } }",
            ["partial constructor"] = "public partial class P { public partial P(int x); public partial P(int x) { V = Compute(x); } public int V; [Operation(\"p.c\")] public static int Compute(int x) => x; }",
            ["partial event"] = "public partial class P { public partial event Action? E; public partial event Action? E { add { Compute(1); } remove { Compute(2); } } [Operation(\"p.c\")] public static int Compute(int x) => x; }",
            ["span parameter given a string"] = "public class C { [Operation(\"c.m\")] public static int M(ReadOnlySpan<char> s) => s.Length; public static int Call() => M(\"abc\"); }",
            ["span parameter given an array"] = "public class C { [Operation(\"c.m\")] public static int M(Span<int> s) => s.Length; public static int Call() => M(new int[3]) + M(new int[1].AsSpan()); }",
            ["span parameter given an array in a partial type"] = "public partial class C { [Operation(\"c.m\")] public static int M(ReadOnlySpan<int> s) => s.Length; public static int Call() => M(new int[3]); } public partial class C { }",
            ["span receiver called on an array"] = "public static class E { [Operation(\"e.m\")] public static int Sum(this ReadOnlySpan<int> s) { var t = 0; foreach (var x in s) t += x; return t; } public static int Call() => new[] { 1, 2 }.Sum(); }",
            ["span receiver called on a string"] = "public static class E { [Operation(\"e.m\")] public static int Len(this ReadOnlySpan<char> s, [SpanAttribute(\"n\")] string n) => s.Length; public static int Call() => \"ab\".Len(\"q\"); }",
            ["generic span receiver called on an array"] = "public static partial class E { [Operation(\"e.m\")] public static int Len<T>(this Span<T> s) => s.Length; public static int Call() => new[] { 1, 2 }.Len(); }",
            ["span receiver with a span attribute"] = "public static class E { [Operation(\"e.m\")] public static int Len<T>([SpanAttribute(\"s\")] this ReadOnlySpan<T> s) => s.Length; public static int Call() => new[] { 1, 2 }.Len(); }",
            ["span overload preferred to an enumerable one"] = "public class C { [Operation(\"c.a\")] public static int M(ReadOnlySpan<int> s) => 1; [Operation(\"c.b\")] public static int M(IEnumerable<int> s) => 2; public static int Call() => M(new[] { 1 }); }",
            ["overload resolution priority"] = "public partial class C { [Operation(\"c.a\")] public static int M(int[] a) => 1; [Operation(\"c.b\")][System.Runtime.CompilerServices.OverloadResolutionPriority(1)] public static int M(ReadOnlySpan<int> a) => 2; public static int Call() => M(new[] { 1 }); } public partial class C { }",
            ["params span with collection expressions"] = "public class C { [Operation(\"c.m\")] public static int M(params ReadOnlySpan<int> s) => s.Length; public static int Call() => M([1, 2, 3]) + M(1, 2) + M() + M([.. new[] { 4 }]); }",
            ["params collections"] = "public class C { [Operation(\"c.m\")] public static int M([SpanAttribute(\"n\")] params List<int> n) => n.Count; [Operation(\"c.e\")] public static int E(params IEnumerable<int> n) => n.Count(); public static int Call() => M(1, 2) + M([3]) + E() + E([1]); }",
            ["nameof of unbound generic types"] = "public class C { [Operation(\"c.m\")][FunnelEvent(nameof(Dictionary<,>))] public static int M([SpanAttribute(nameof(List<>))] int x) => x; public static int Call() => M(nameof(List<>).Length); }",
            ["lambda with ref modifier and no type"] = "public delegate void R(ref int x); public class C { [Operation(\"c.m\")] public static void M(ref int x) => x++; public static int Call() { R r = (ref x) => M(ref x); var i = 1; r(ref i); return i; } }",
            ["lambda with scoped and out modifiers and no types"] = "public delegate bool T(scoped ReadOnlySpan<char> s, out int x); public class C { [Operation(\"c.m\")] public static bool M(ReadOnlySpan<char> s, out int x) { x = s.Length; return true; } public static int Call() { T t = (scoped s, out x) => M(s, out x); t(\"ab\", out var r); return r; } }",
            ["allows ref struct type argument"] = "public class C { [Operation(\"c.m\")] public static int M<T>([SpanAttribute(\"v\")] T v) where T : allows ref struct => 1; public static int Call() { Span<int> s = stackalloc int[1]; return M(s) + M(1); } }",
            ["ref struct through an allows ref struct interface constraint"] = "public interface IRd { int Read(); } public ref struct Rd : IRd { public int Read() => 1; } public class C { [Operation(\"c.m\")] public static int M<T>(T r) where T : IRd, allows ref struct => r.Read(); public static int Call() => M(new Rd()); }",
            ["scoped parameters"] = "public class C { [Operation(\"c.m\")] public static int M(scoped ReadOnlySpan<int> s, scoped ref int r) => s.Length + r; public static int Call() { var i = 1; return M(stackalloc int[2], ref i); } }",
            ["ref struct implementing an annotated interface"] = "public interface IH { [Operation(\"h.m\")] int M(); } public ref struct R : IH { public int V; public int M() => ++V; } public class C { public static int Call() { var r = new R(); r.M(); return r.M() + r.V; } }",
            ["ref struct through an interface type parameter"] = "public interface IH { [Operation(\"h.m\")] int M(); } public ref struct R : IH { public int V; public int M() => ++V; } public class C { public static int G<T>(T t) where T : IH, allows ref struct => t.M(); public static int Call() { var r = new R(); return G(r); } }",
            ["ref struct operation with a span attribute"] = "public ref struct R { public int V; [Operation(\"r.m\")] public int M([SpanAttribute(\"a\")] int a) => V += a; } public class C { public static int Call() { var r = new R(); r.M(1); return r.V; } }",
            ["parameters named field, value, extension and scoped"] = "public class C { [Operation(\"c.m\")] public static int M([SpanAttribute(\"f\"), LogField(\"f\")] int field, [MetricLabel(\"k\")] bool value, int extension, int scoped) => field; public static int Call() => M(1, true, 2, 3); }",
            ["log parameters named field, value, extension and scoped"] = "public static partial class L { [LogMethod(LogLevel.Information, \"V {field} {value} {extension} {scoped}\")] public static partial void M(ILogger logger, int field, int value, int extension, int scoped); public static void Call(ILogger l) => M(l, 1, 2, 3, 4); }",
            ["logged object with properties named field and value"] = "public sealed class Obj { public int field { get; set; } public int value { get; set; } } public static partial class L { [LogMethod(LogLevel.Information, \"V {o}\")] public static partial void M(ILogger logger, [LogProperties] Obj o); public static void Call(ILogger l) => M(l, new Obj()); }",
            ["log method with a params collection"] = "public static partial class L { [LogMethod(LogLevel.Information, \"V {s}\")] public static partial void M(ILogger logger, params List<int> s); public static void Call(ILogger l) => M(l, 1, 2); }",
            ["log method with a span parameter"] = "public static partial class L { [LogMethod(LogLevel.Information, \"V {s}\")] public static partial void M(ILogger logger, ReadOnlySpan<char> s); public static void Call(ILogger l) => M(l, \"abc\"); }",
            ["span attribute and log field of a class type parameter"] = "public class C { [Operation(\"c.m\")] public static int M<T>([SpanAttribute(\"v\"), LogField(\"v\")] T v, [SpanAttribute(\"l\")] List<T>? l, [SpanAttribute(\"a\")] T[] a) where T : class => a.Length; public static int Call() => M(\"a\", null, [\"b\"]); }",
            ["span attributes built from a generic type's parameter"] = "public sealed class R<T> where T : class { public sealed class N { } [Operation(\"r.m\")] public async Task<int> M([SpanAttribute(\"v\")] T v, [SpanAttribute(\"f\")] Func<T, int>? f, [SpanAttribute(\"n\")] N n) { await Task.Yield(); return 1; } } public class C { public static Task<int> Call() => new R<string>().M(\"x\", null, new R<string>.N()); }",
            ["System.Threading.Lock"] = "public class C { private readonly System.Threading.Lock _l = new(); [Operation(\"c.m\")] public int M([SpanAttribute(\"l\")] System.Threading.Lock l) { lock (_l) { return 1; } } public int Call() => M(new System.Threading.Lock()); }",
        };
        foreach (var (name, source) in cases)
        {
            yield return ("csharp14", name, source);
        }
    }
}
