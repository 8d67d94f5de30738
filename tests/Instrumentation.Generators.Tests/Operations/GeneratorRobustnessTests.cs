using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// The generators never throw and never emit code that fails to compile (SPEC §2.1: no CS8785 /
/// AD0001, ever). Each case is an odd, unsupported or broken use; the outcome must be either working
/// generated code or an INS diagnostic, with no compiler error inside a generated file.
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        """;

    public static IEnumerable<object[]> Cases() => new Dictionary<string, string>
    {
        ["unresolved parameter type"] = """
            public class C { [Operation("a.b")] public void M(Missing m) { } public void Call() => M(null!); }
            """,
        ["unresolved types with a funnel event"] = """
            public class C { [FunnelEvent("Thing", EntityId = "m.Id")] public Missing M(Missing m) => m; public void Call() => M(null!); }
            """,
        ["attribute argument of the wrong type"] = """
            public class C { [Operation(42)] public void M() { } public void Call() => M(); }
            """,
        ["syntax error in the annotated method"] = """
            public class C { [Operation("a.b")] public void M( { } public void Call() => M(); }
            """,
        ["static abstract interface member called through a type parameter"] = """
            public interface IFactory { [Operation("factory.make")] static abstract int Make(); }
            public sealed class F : IFactory { public static int Make() => 1; }
            public static class Use { public static int Call<T>() where T : IFactory => T.Make(); }
            """,
        ["explicit interface implementation"] = """
            public interface IStore { [Operation("store.put")] int Put(int v); }
            public sealed class S : IStore { int IStore.Put(int v) => v; }
            public static class Use { public static int Call(S s) => ((IStore)s).Put(1); }
            """,
        ["unmarked ref struct parameter and params span"] = """
            public static class C
            {
                [Operation("c.span")] public static int Len(ReadOnlySpan<byte> data) => data.Length;
                [Operation("c.params_span")] public static int Sum(params ReadOnlySpan<int> values) => values.Length;
                public static int Call() => Len(new byte[3]) + Sum(1, 2, 3);
            }
            """,
        ["ref return"] = """
            public class C { private int _v; [Operation("a.b")] public ref int M() => ref _v; public void Call() => M() = 1; }
            """,
        ["pointer parameter"] = """
            public unsafe class C { [Operation("a.b")] public static int M(int* p) => *p; public static int Call(int* p) => M(p); }
            """,
        ["generic constraints unmanaged, allows ref struct, new()"] = """
            public static class C
            {
                [Operation("c.unmanaged")] public static int Size<T>(T value) where T : unmanaged => 1;
                [Operation("c.ref_struct")] public static int Any<T>(T value) where T : allows ref struct => 2;
                [Operation("c.new")] public static T Make<T>() where T : class, new() => new T();
                public static int Call() => Size(1) + Any(2) + (Make<object>() is null ? 0 : 1);
            }
            """,
        ["file-local and private nested types"] = """
            file sealed class Hidden { [Operation("h.m")] public void M() { } public void Call() => M(); }
            public class Outer { private sealed class Inner { [Operation("i.m")] public void M() { } public void Call() => M(); } }
            """,
        ["operator, conversion and finalizer"] = """
            public sealed class Money
            {
                public int V;
                [Operation("money.add")] public static Money operator +(Money a, Money b) => new Money { V = a.V + b.V };
                [Operation("money.convert")] public static implicit operator int(Money m) => m.V;
                public static int Call(Money a, Money b) { int x = a + b; return x; }
            }
            """,
        ["attributed lambda"] = """
            public static class C { public static int Call() { var f = [Operation("l.f")] () => 1; return f(); } }
            """,
        ["abstract base method called on the derived class"] = """
            public abstract class Job { [Operation("job.run")] public abstract int Run(int x); }
            public sealed class Nightly : Job { public override int Run(int x) => x; }
            public static class Use { public static int Call(Nightly n, Job j) => n.Run(1) + j.Run(2); }
            """,
        ["default interface method"] = """
            public interface IGreeter { [Operation("greeter.greet")] string Greet(string name) => "hi " + name; }
            public sealed class G : IGreeter { }
            public static class Use { public static string Call(IGreeter g) => g.Greet("x"); }
            """,
        ["generic method in a generic nested type"] = """
            public class Outer<T> { public class Inner<U> { [Operation("o.i.m")] public V M<V>(T t, U u, V v) => v; } }
            public static class Use { public static string Call(Outer<int>.Inner<bool> i) => i.M(1, true, "s"); }
            """,
        ["conditional access, named arguments and dynamic"] = """
            public class C { [Operation("a.b")] public int M(int a, int b) => a - b; }
            public static class Use
            {
                public static int? Call(C? c) => c?.M(b: 1, a: 2);
                public static object Dyn(C c, dynamic d) => c.M(d, 1);
            }
            """,
        ["async enumerable and custom awaitable"] = """
            public class C
            {
                [Operation("c.stream")] public async IAsyncEnumerable<int> Stream() { await Task.Yield(); yield return 1; }
                [Operation("c.lazy")] public Lazy<int> Later() => new Lazy<int>(() => 1);
                public async Task<int> Call() { var n = 0; await foreach (var i in Stream()) n += i; return n + Later().Value; }
            }
            """,
        ["ref extension and tuple return with nullable references"] = """
            public struct Counter { public int Value; }
            public static class Ext
            {
                [Operation("counter.bump")] public static (int Old, string? Note) Bump(this ref Counter c) { c.Value++; return (c.Value - 1, null); }
                public static int Call() { var c = new Counter(); return c.Bump().Old; }
            }
            """,
        ["tenant parameters of odd types and duplicated parameter attributes"] = """
            public class C
            {
                [Ingest("i.r")] public void M([OrgId] int org, [ProjectId] Guid project, [Batch][Batch] int[] items) { }
                public void Call() => M(1, Guid.Empty, new int[0]);
            }
            """,
        ["log method shapes"] = """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Generic {value}")] public static partial void Generic<T>(ILogger logger, T value);
                [LogMethod(LogLevel.Information, "Out {value}")] public static partial void WithOut(ILogger logger, out int value);
                [LogMethod(LogLevel.Information, "No logger {value}")] public static partial void NoLogger(int value);
                [LogMethod(LogLevel.Information, "Returns {value}")] public static partial int Returns(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Unclosed {value")] public static partial void Unclosed(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Span {data}")] public static partial void RefStruct(ILogger logger, ReadOnlySpan<byte> data);
                [LogMethod(LogLevel.Information, null!)] public static partial void NullTemplate(ILogger logger);
                [LogMethod(LogLevel.Information, "Over {value}")] public static partial void Over(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Over {value} {other}")] public static partial void Over(ILogger logger, int value, int other);
                [LogMethod(LogLevel.Information, "Extension {value}")] public static partial void Extension(this ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Params {values}")] public static partial void Params(ILogger logger, params string[] values);
                [LogMethod(LogLevel.Information, "Empty format {value:}")] public static partial void EmptyFormat(ILogger logger, DateTime value);
                [LogMethod(LogLevel.Information, "Escaped format {value:yyyy\\-MM} and \" quote")] public static partial void Backslash(ILogger logger, DateTime value);
                [LogMethod(LogLevel.Information, "Line\u2028separator {value}")] public static partial void LineSeparator(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Collide {a} {a_Value}")] public static partial void Collide(ILogger logger, Box a, Box a_Value);
            }
            public sealed record Box([property: PersonalData] string Email, int N);
            public abstract class LoggingBase { protected readonly ILogger Logger = null!; }
            public sealed partial class Derived : LoggingBase
            {
                [LogMethod(LogLevel.Warning, "From base logger {value}")] public partial void FromBase(int value);
            }
            public sealed partial class Primary(ILogger logger)
            {
                [LogMethod(LogLevel.Warning, "From primary constructor {value}")] public partial void FromPrimary(int value);
            }
            public partial class NotStatic
            {
                [LogMethod(LogLevel.Warning, "Instance {value}")] public partial void Instance(int value);
            }
            """,
        ["tenant-scoped receivers and arguments of reference type"] = """
            public sealed class Device : ITenantScoped { public TenantContext Tenant => new("o", "p"); public int Count => 1; }
            public class Gateway : ITenantScoped
            {
                public TenantContext Tenant => new("o", "p");
                [Ingest("gateway.ingest")] public void Ingest(Device device, [Batch] string[] batch) { }
                [Broadcast("gateway.broadcast")] public int Broadcast(Device first, Device second) => first.Count + second.Count;
            }
            public class Caller { public void Call(Gateway g, Device d) { g.Ingest(d, new string[0]); g.Broadcast(d, d); } }
            """,
        ["funnel events with bad paths and shapes"] = """
            public class C
            {
                [FunnelEvent("", EntityId = "missing.path")] public void Empty(TenantContext tenant) { }
                [FunnelEvent("Thing Happened", OncePerEntity = true)] public void NoEntity(TenantContext tenant) { }
                [FunnelEvent("Good", EntityId = "tenant.OrgId")] public async void Fire(TenantContext tenant) { await Task.Yield(); }
                [FunnelEvent("Ret", EntityId = "result.Nope")] public int Ret(TenantContext tenant) => 1;
                public void Call(TenantContext t) { Empty(t); NoEntity(t); Fire(t); Ret(t); }
            }
            """,
    }.Select(pair => new object[] { pair.Key, pair.Value });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Odd_or_broken_input_never_crashes_a_generator_nor_breaks_generated_code(string name, string source)
    {
        var compilation = GeneratorHarness.Compile(Usings + source)
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(
            new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var crashes = generatorDiagnostics.Where(d => d.Id is "CS8784" or "CS8785" or "AD0001").ToList();
        Assert.True(crashes.Count == 0, name + ": a generator threw:\n" + string.Join("\n", crashes));

        var generatedTrees = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        // Warnings too: a consumer building with warnings as errors must not fail on our code (nullability included).
        var errorsInGeneratedCode = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToList();
        Assert.True(
            errorsInGeneratedCode.Count == 0,
            name + ": generated code does not compile:\n" + string.Join("\n", errorsInGeneratedCode)
            + "\n\nINS diagnostics: " + string.Join("\n", generatorDiagnostics));
    }
}
