using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Legal C# lets a type be named like a contextual keyword or a discard — <c>var</c>, <c>_</c>, <c>dynamic</c>,
/// <c>nameof</c>, <c>value</c>, <c>record</c> — and a team may declare <c>class var { }</c> on purpose, to forbid
/// <c>var</c>. Generated code that wrote <c>var x = …</c> then declared a local of the user's type (CS0029, dozens of
/// errors in the generated files); <c>_ = …</c> did the same with a type named <c>_</c>. Every shape the emitters write
/// (sync, ref-struct, MaybeNull, Task, ValueTask results; funnel events with and without an operation; tenant copies, batches,
/// latency; log methods with an exception and an object) is compiled next to each such type.
/// </summary>
public sealed class ContextualTypeNameTests
{
    private const string Shapes = """
        public ref struct Cell { public int X; }
        public sealed class Account { public string Id { get; set; } = ""; }
        public sealed class Scope : ITenantScoped { public TenantContext Tenant => new("o", "p"); }
        public sealed class Key { public override string ToString() => "k"; }
        public partial class C
        {
            private readonly ILogger _logger = null!;
            [Operation("c.m")] public int M(int x) => x;
            [Operation("c.cell")] public Cell Cell() => default;
            [return: NotNull] [Operation("c.maybe")] public T? Maybe<T>(T value) => value;
            [Operation("c.a")] public async Task<int> A([OrgId] string org, CancellationToken ct) { await Task.Yield(); return 1; }
            [Operation("c.t")] public Task T() => Task.CompletedTask;
            [Operation("c.v")] public async ValueTask<int> V() { await Task.Yield(); return 1; }
            [Operation("c.scoped")] public int S(Scope scope, [OrgId] Key key, [Batch] int[] items, [LatencyStart] long startedAt) => 1;
            [FunnelEvent("Evt", EntityId = "account.Id")] public Task<int> F(Account account) => Task.FromResult(1);
            [FunnelEvent("Evt2", EntityId = "account.Id")] public ValueTask<int> G(Account account) => new(1);
            [return: MaybeNull] [FunnelEvent("Evt4")] public T Q<T>(T value) => default;
            [return: MaybeNull] [FunnelEvent("Evt5")] public Task<T> QT<T>(T value) => Task.FromResult(value);
            [return: MaybeNull] [Operation("c.maybe2")] public Task<T> MT<T>(T value) => Task.FromResult(value);
            [Operation("c.funnel")] [FunnelEvent("Evt3", EntityId = "account.Id")] public async Task<int> H(Account account) { await Task.Yield(); return 1; }
            [LogMethod(LogLevel.Information, "V {value} {text} {o}")] public partial void L(int value, string text, object o, Exception error);
            public async Task<int> Call(Account account)
            {
                L(1, "t", new object(), new InvalidOperationException());
                int sum = M(1) + Cell().X + Maybe("x").Length + await A("o", default) + await V() + S(new Scope(), new Key(), new[] { 1 }, 0);
                await T();
                sum += Q(1) + await QT(1) + await MT(1);
                return sum + await F(account) + await G(account) + await H(account);
            }
        }
        """;

    public static TheoryData<string> Declarations => new()
    {
        "public class var { }",
        "public struct _ { }",
        "public class dynamic { }",
        "public class nameof { }",
        "public class value { }",
        "public class field { }",
        "public class record { }",
        "public class async { }",
        "public class when { }",
        "namespace Instrumentation.Generated.__Sdk { public class var { } }",
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_code_compiles_next_to_a_type_named_like_a_contextual_keyword(string declaration)
    {
        var run = RobustRun.Of(CorpusCases.Usings + "#pragma warning disable CS8981\n" + declaration + "\n" + Shapes);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, declaration + "\n" + run.Describe()
            + string.Join("\n", run.UserCodeErrors));
        Assert.Contains("M", run.InterceptedCalls);
        Assert.Contains("H", run.InterceptedCalls);
        Assert.Contains("F", run.InterceptedCalls);
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void The_interceptors_of_another_assemblys_operations_compile_next_to_such_a_type_in_the_caller(string declaration)
    {
        var library = RobustRun.Of(GeneratorHarness.CompileAs(CrossProject.CrossProjectHarness.UniqueName("Shapes"), CorpusCases.Usings + Shapes).WithOptions(RobustRun.Options));
        Assert.True(library.UserCodeErrors.Count == 0 && library.GeneratedCodeProblems.Count == 0, library.Describe());
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Output.Emit(image).Success);
        var caller = GeneratorHarness.CompileAs(
                CrossProject.CrossProjectHarness.UniqueName("Caller"),
                CorpusCases.Usings + "#pragma warning disable CS8981\n" + declaration + """

                public static class Use
                {
                    public static async Task<int> Call(C c, Account account, Scope scope, Key key)
                    {
                        int sum = c.M(1) + c.Cell().X + c.Maybe("x").Length + await c.A("o", default) + await c.V() + c.S(scope, key, new[] { 1 }, 0);
                        await c.T();
                        sum += c.Q(1) + await c.QT(1) + await c.MT(1);
                        return sum + await c.F(account) + await c.G(account) + await c.H(account);
                    }
                }
                """)
            .WithOptions(RobustRun.Options)
            .AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));

        var run = RobustRun.Of(caller);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, declaration + "\n" + run.Describe()
            + string.Join("\n", run.UserCodeErrors));
        Assert.Contains("M", run.InterceptedCalls);
        Assert.Contains("H", run.InterceptedCalls);
        Assert.Contains("F", run.InterceptedCalls);
    }
}
