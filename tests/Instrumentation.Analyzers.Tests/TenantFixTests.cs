using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS0006 (generator) fixes: mark existing parameters, or add a required TenantContext parameter and pass it at every call.</summary>
public sealed class TenantFixTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    private const string MarkKey = nameof(TenantContextCodeFix) + "Mark";
    private const string AddKey = nameof(TenantContextCodeFix) + "Add";

    private const string TwoOperations = Usings + """
        public class C
        {
            [Ingest("ws.ingest.receive")]
            public void {|#0:Receive|}(string orgId, string projectId, int count, int retries = 0) { }

            [Ingest("ws.ingest.store")]
            public void {|#1:Store|}(string payload) { }

            public void FromIds(string org, string project) => Receive(org, project, 1);
            public void FromContext(TenantContext tenant) => Receive("o", tenant.ProjectId, 2, retries: 1);
        }
        public class Scoped : ITenantScoped
        {
            public TenantContext Tenant => new("o", "p");
            public void Call(C c) => c.Store("x");
        }
        public static class Outside
        {
            public static void Call(C c, string name) => c.Receive(name.Trim(), "p", 4);
            public static void FromScope(ITenantScoped s, C c) => c.Store("y");
            public static void Nothing(C c) => c.Store("z");
        }
        """;

    [Fact]
    public async Task Mark_existing_parameters_fixes_the_operation_that_has_them_and_leaves_the_other_reported()
    {
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(TwoOperations, TwoOperations.Replace(
            "public void {|#0:Receive|}(string orgId, string projectId, int count, int retries = 0)",
            "public void Receive([OrgId] string orgId, [ProjectId] string projectId, int count, int retries = 0)",
            StringComparison.Ordinal));
        test.CodeActionEquivalenceKey = MarkKey;
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Mark 'orgId' as [OrgId] and 'projectId' as [ProjectId]", action.Title);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        // Store has no parameter to mark: it stays reported, the rest compiles with no other diagnostic.
        test.FixedState.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        test.BatchFixedState.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Add_a_required_tenant_parameter_updates_every_call_site_with_the_tenant_the_caller_has()
    {
        const string fixedSource = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string orgId, string projectId, int count, TenantContext tenant, int retries = 0) { }

                [Ingest("ws.ingest.store")]
                public void Store(string payload, TenantContext tenant) { }

                public void FromIds(string org, string project) => Receive(org, project, 1, new TenantContext(org, project));
                public void FromContext(TenantContext tenant) => Receive("o", tenant.ProjectId, 2, retries: 1, tenant: tenant);
            }
            public class Scoped : ITenantScoped
            {
                public TenantContext Tenant => new("o", "p");
                public void Call(C c) => c.Store("x", Tenant);
            }
            public static class Outside
            {
                public static void Call(C c, string name) => c.Receive(name.Trim(), "p", 4, default);
                public static void FromScope(ITenantScoped s, C c) => c.Store("y", s.Tenant);
                public static void Nothing(C c) => c.Store("z", default);
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(TwoOperations, fixedSource);
        test.CodeActionEquivalenceKey = AddKey;
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Add a TenantContext parameter (callers pass their tenant)", action.Title);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Adding_a_tenant_parameter_to_an_extension_method_passes_it_at_the_right_place_in_both_call_forms()
    {
        const string source = Usings + """
            public sealed class Gateway { }
            public static class GatewayExtensions
            {
                [Ingest("ws.ingest.forward")]
                public static void {|#0:Forward|}(this Gateway gateway, string payload, int retries = 0) { }
            }
            public static class Callers
            {
                public static void Reduced(Gateway g) => g.Forward("x", 5);
                public static void Static(Gateway g) => GatewayExtensions.Forward(g, "y", 6);
            }
            """;
        const string fixedSource = Usings + """
            public sealed class Gateway { }
            public static class GatewayExtensions
            {
                [Ingest("ws.ingest.forward")]
                public static void Forward(this Gateway gateway, string payload, TenantContext tenant, int retries = 0) { }
            }
            public static class Callers
            {
                public static void Reduced(Gateway g) => g.Forward("x", default, 5);
                public static void Static(Gateway g) => GatewayExtensions.Forward(g, "y", default, 6);
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, fixedSource);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_added_parameter_takes_a_name_the_method_does_not_use_so_it_neither_clashes_with_a_local_nor_hides_a_field()
    {
        // A parameter 'tenant' would hide the field the body reads ('tenant + ...' still compiles: a silent change), and
        // 'tenantContext' is a local of the body (CS0136).
        const string source = Usings + """
            public class Store
            {
                private readonly string tenant = "t";

                [Ingest("ws.ingest.save")]
                public string {|#0:Save|}(string payload)
                {
                    var tenantContext = payload.Trim();
                    return tenant + tenantContext;
                }
            }
            public static class Callers
            {
                public static string Call(Store s) => s.Save("x");
            }
            """;
        const string fixedSource = Usings + """
            public class Store
            {
                private readonly string tenant = "t";

                [Ingest("ws.ingest.save")]
                public string Save(string payload, TenantContext tenant1)
                {
                    var tenantContext = payload.Trim();
                    return tenant + tenantContext;
                }
            }
            public static class Callers
            {
                public static string Call(Store s) => s.Save("x", default);
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, fixedSource);
        test.CodeActionEquivalenceKey = AddKey;
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Mark_is_offered_for_whichever_parameter_exists_and_marking_only_one_keeps_the_rule_reported()
    {
        const string source = Usings + """
            public class C
            {
                [Broadcast("ws.broadcast")]
                public void {|#0:Send|}([OrgId] string orgId, string projectId, string payload) { }
                [Flow("flow.execute")]
                public void {|#1:Execute|}(string orgId, string payload) { }
            }
            """;
        // Send gains [ProjectId] and is complete; Execute gains [OrgId] but still has no project id: the rule keeps saying so.
        const string marked = Usings + """
            public class C
            {
                [Broadcast("ws.broadcast")]
                public void Send([OrgId] string orgId, [ProjectId] string projectId, string payload) { }
                [Flow("flow.execute")]
                public void {|#1:Execute|}([OrgId] string orgId, string payload) { }
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, marked);
        test.CodeActionEquivalenceKey = MarkKey;
        test.CodeActionVerifier = (action, verifier) => verifier.True(
            action.Title is "Mark 'projectId' as [ProjectId]" or "Mark 'orgId' as [OrgId]",
            "the Mark action names the one parameter it marks: " + action.Title);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        test.FixedState.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        test.BatchFixedState.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        await test.RunAsync(CancellationToken.None);

        // Fix All with the other action adds a tenant parameter to both: nothing left to report.
        const string added = Usings + """
            public class C
            {
                [Broadcast("ws.broadcast")]
                public void Send([OrgId] string orgId, string projectId, string payload, TenantContext tenant) { }
                [Flow("flow.execute")]
                public void Execute(string orgId, string payload, TenantContext tenant) { }
            }
            """;
        var all = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, added);
        all.CodeActionEquivalenceKey = AddKey;
        all.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        all.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        await all.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Add_on_an_interface_implementation_updates_the_interface_every_implementation_and_their_callers()
    {
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(string.Empty, string.Empty);
        test.TestState.Sources.Clear();
        test.FixedState.Sources.Clear();
        test.TestState.Sources.Add(("/src/IIngest.cs", Usings + "public interface IIngest { void Receive(string payload); }\n"));
        test.TestState.Sources.Add(("/src/Ingest.cs", Usings + """
            public sealed class Ingest : IIngest
            {
                [{|#3:Ingest("ws.ingest.receive")|}]
                public void {|#0:Receive|}(string payload) { }
            }
            public sealed class Other : IIngest
            {
                void IIngest.Receive(string payload) { }
            }
            public abstract class Base { [Flow("flow.execute")] public virtual Task {|#1:RunAsync|}(int n) => Task.CompletedTask; }
            public sealed class Derived : Base { public override Task RunAsync(int n) => {|#2:base.RunAsync(n)|}; }
            public static class Callers
            {
                public static void Call(IIngest ingest, TenantContext tenant, Base b) { ingest.Receive("x"); b.RunAsync(1); }
            }
            """));
        test.FixedState.Sources.Add(("/src/IIngest.cs", Usings + "public interface IIngest { void Receive(string payload, TenantContext tenant); }\n"));
        test.FixedState.Sources.Add(("/src/Ingest.cs", Usings + """
            public sealed class Ingest : IIngest
            {
                [{|#3:Ingest("ws.ingest.receive")|}]
                public void Receive(string payload, TenantContext tenant) { }
            }
            public sealed class Other : IIngest
            {
                void IIngest.Receive(string payload, TenantContext tenant) { }
            }
            public abstract class Base { [Flow("flow.execute")] public virtual Task RunAsync(int n, TenantContext tenant) => Task.CompletedTask; }
            public sealed class Derived : Base { public override Task RunAsync(int n, TenantContext tenant) => {|#2:base.RunAsync(n, tenant)|}; }
            public static class Callers
            {
                public static void Call(IIngest ingest, TenantContext tenant, Base b) { ingest.Receive("x", tenant); b.RunAsync(1, tenant); }
            }
            """));
        test.CodeActionEquivalenceKey = AddKey;
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(1));
        // The base call is not intercepted (the override's call records the span), before and after the fix.
        var baseCall = VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0012", DiagnosticSeverity.Info).WithLocation(2);
        test.ExpectedDiagnostics.Add(baseCall);
        test.FixedState.ExpectedDiagnostics.Add(baseCall);
        test.BatchFixedState.ExpectedDiagnostics.Add(baseCall);
        // The attribute stays on the implementation only (calls through IIngest are not instrumented), before and after the fix.
        var implementationOnly = VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0016").WithLocation(3);
        test.ExpectedDiagnostics.Add(implementationOnly);
        test.FixedState.ExpectedDiagnostics.Add(implementationOnly);
        test.BatchFixedState.ExpectedDiagnostics.Add(implementationOnly);

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Add_is_not_offered_when_the_method_is_used_as_a_method_group()
    {
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void {|#0:Receive|}(string payload) { }
                public Action<string> Handler => {|#1:Receive|};
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(source, source);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS1030").WithLocation(1));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);

        await test.RunAsync(CancellationToken.None);
    }
}
