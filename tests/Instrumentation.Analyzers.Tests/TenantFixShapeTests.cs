using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS0006 "Add a TenantContext parameter" in the shapes where it used to break the build: calls through <c>?.</c>,
/// overloads it would make ambiguous or duplicate, an interface's optional parameter, partial methods, call sites
/// that cannot use the tenant in scope (static functions, nested types, initializers, a local not yet assigned), and
/// a type name whose using is in another namespace.
/// </summary>
public sealed class TenantFixShapeTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";
    private const string AddKey = nameof(TenantContextCodeFix) + "Add";

    private static Task AddAsync(string source, string fixedSource)
    {
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, fixedSource);
        test.CodeActionEquivalenceKey = AddKey;
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        if (source == fixedSource)
        {
            test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_call_through_a_null_conditional_access_is_updated()
    {
        await AddAsync(
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void {|#0:Store|}(string payload) { }
            }
            public static class Callers { public static void Call(C? c, TenantContext tenant) => c?.Store("x"); }
            """,
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void Store(string payload, TenantContext tenant) { }
            }
            public static class Callers { public static void Call(C? c, TenantContext tenant) => c?.Store("x", tenant); }
            """);
    }

    [Fact]
    public async Task Arguments_and_parameters_under_an_if_directive_keep_the_directive_on_its_own_line()
    {
        // Found by an analyzer probe: the new argument was written right before '#if DEBUG' (CS1040, CS1028).
        await AddAsync(
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void {|#0:Receive|}(string orgId, string projectId
            #if DEBUG
                    , int debug
            #endif
                    ) { }
                public void Call() => Receive("o", "p"
            #if DEBUG
                    , 1
            #endif
                    );
            }
            """,
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string orgId, string projectId, TenantContext tenant
            #if DEBUG
                    , int debug
            #endif
                    ) { }
                public void Call() => Receive("o", "p", new TenantContext("o", "p")
            #if DEBUG
                    , 1
            #endif
                    );
            }
            """);
    }

    [Fact]
    public async Task Mark_keeps_the_indentation_of_parameters_on_lines_with_trailing_comments()
    {
        // A newcomer's report: the marked parameter lost its indentation (column 0), with its comment still after it. It
        // is any parameter that starts a line; one with an attribute already gets the new one right after it, as on one line.
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void {|#0:Receive|}(
                    string orgId,     // the organization
                    [System.ComponentModel.Description("project")] string projectId,
                    int count)        // how many
                {
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(
                    [OrgId] string orgId,     // the organization
                    [System.ComponentModel.Description("project")][ProjectId] string projectId,
                    int count)        // how many
                {
                }
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, fixedSource);
        test.CodeActionEquivalenceKey = nameof(TenantContextCodeFix) + "Mark";
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Not_offered_when_an_overload_would_become_ambiguous()
    {
        var source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void {|#0:Store|}(string payload) { }
                public void Store(string payload, int count) { }
            }
            public static class Callers { public static void Call(C c) => c.Store("x"); }
            """;
        await AddAsync(source, source);
    }

    [Fact]
    public async Task Not_offered_when_the_new_signature_exists_already()
    {
        var source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void {|#0:Store|}(string payload) { }
                public void Store(string payload, TenantContext tenant) { }
            }
            """;
        await AddAsync(source, source);
    }

    [Fact]
    public async Task The_parameter_goes_before_the_optional_parameters_of_every_declaration()
    {
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(
            Usings + """
            public interface IStore { void Store(string payload, int retries = 0); }
            public class S : IStore
            {
                [{|#1:Ingest("ws.ingest.store")|}]
                public void {|#0:Store|}(string payload, int retries) { }
            }
            """,
            Usings + """
            public interface IStore { void Store(string payload, TenantContext tenant, int retries = 0); }
            public class S : IStore
            {
                [{|#1:Ingest("ws.ingest.store")|}]
                public void Store(string payload, TenantContext tenant, int retries) { }
            }
            """);
        test.CodeActionEquivalenceKey = AddKey;
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        // The attribute is on the implementation only, before and after the fix.
        var implementationOnly = VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0016").WithLocation(1);
        test.ExpectedDiagnostics.Add(implementationOnly);
        test.FixedState.ExpectedDiagnostics.Add(implementationOnly);
        test.BatchFixedState.ExpectedDiagnostics.Add(implementationOnly);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Both_parts_of_a_partial_method_get_the_parameter()
    {
        var test = new VerifyGeneratorFix<TenantContextCodeFix>.Test();
        test.TestState.Sources.Add(("/src/A.cs", Usings + """
            public partial class C
            {
                [Ingest("ws.ingest.store")]
                public partial void {|#0:Store|}(string payload);
            }
            """));
        test.TestState.Sources.Add(("/src/B.cs", Usings + """
            public partial class C
            {
                public partial void Store(string payload) { }
                public void Call() => Store("x");
            }
            """));
        test.FixedState.Sources.Add(("/src/A.cs", Usings + """
            public partial class C
            {
                [Ingest("ws.ingest.store")]
                public partial void Store(string payload, TenantContext tenant);
            }
            """));
        test.FixedState.Sources.Add(("/src/B.cs", Usings + """
            public partial class C
            {
                public partial void Store(string payload, TenantContext tenant) { }
                public void Call() => Store("x", default);
            }
            """));
        test.CodeActionEquivalenceKey = AddKey;
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Call_sites_pass_only_a_tenant_they_can_use_and_default_otherwise()
    {
        await AddAsync(
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public TenantContext {|#0:Store|}(string payload) => new("o", "p");
            }
            public class Outer
            {
                public TenantContext Current { get; } = new("o", "p");
                public class Inner { public void Call(C c) => c.Store("x"); }
            }
            public static class Callers
            {
                public static void LocalFunction(C c, TenantContext current)
                {
                    static void Inner(C c) => c.Store("x");
                    Inner(c);
                }
                public static void Lambda(C c, TenantContext current)
                {
                    Action<C> a = static x => x.Store("x");
                    a(c);
                }
                public static string Assigned(C c)
                {
                    TenantContext resolved = c.Store("x");
                    return resolved.OrgId;
                }
            }
            public class Worker(TenantContext current)
            {
                public TenantContext Current => current;
                public static void Run(C c) => c.Store("x");
            }
            public class Job : ITenantScoped
            {
                public TenantContext Tenant { get; } = new("o", "p");
                private readonly TenantContext _stored = new C().Store("x");
            }
            """,
            Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public TenantContext Store(string payload, TenantContext tenant) => new("o", "p");
            }
            public class Outer
            {
                public TenantContext Current { get; } = new("o", "p");
                public class Inner { public void Call(C c) => c.Store("x", default); }
            }
            public static class Callers
            {
                public static void LocalFunction(C c, TenantContext current)
                {
                    static void Inner(C c) => c.Store("x", default);
                    Inner(c);
                }
                public static void Lambda(C c, TenantContext current)
                {
                    Action<C> a = static x => x.Store("x", default);
                    a(c);
                }
                public static string Assigned(C c)
                {
                    TenantContext resolved = c.Store("x", default);
                    return resolved.OrgId;
                }
            }
            public class Worker(TenantContext current)
            {
                public TenantContext Current => current;
                public static void Run(C c) => c.Store("x", default);
            }
            public class Job : ITenantScoped
            {
                public TenantContext Tenant { get; } = new("o", "p");
                private readonly TenantContext _stored = new C().Store("x", default);
            }
            """);
    }

    [Fact]
    public async Task The_type_is_qualified_when_the_using_is_in_another_namespace()
    {
        await AddAsync(
            """
            namespace A
            {
                using Instrumentation;
                public class X { }
            }
            namespace B
            {
                public class C
                {
                    [Instrumentation.Ingest("ws.ingest.store")]
                    public void {|#0:Store|}(string payload) { }
                }
            }
            """,
            """
            namespace A
            {
                using Instrumentation;
                public class X { }
            }
            namespace B
            {
                public class C
                {
                    [Instrumentation.Ingest("ws.ingest.store")]
                    public void Store(string payload, global::Instrumentation.TenantContext tenant) { }
                }
            }
            """);
    }
}
