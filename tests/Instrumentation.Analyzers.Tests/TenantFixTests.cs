using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS0006 (generator) fixes: mark existing parameters, or add a required TenantContext parameter and pass it at every call.</summary>
public sealed class TenantFixTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    [Fact]
    public async Task Mark_existing_parameters_or_add_a_required_tenant_parameter_with_call_sites_updated()
    {
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string orgId, string projectId, int count, int retries = 0) { }

                [Ingest("ws.ingest.store")]
                public void Store(string payload) { }

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
        var diagnostics = AnalyzerHarness.GeneratorDiagnostics(source).Where(d => d.Id == "INS0006").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { "Receive", "Store" }, diagnostics.Select(d => d.At(source)));
        Assert.Equal(
            new[] { "Mark 'orgId' as [OrgId] and 'projectId' as [ProjectId]", "Add a TenantContext parameter (callers pass their tenant)" },
            await AnalyzerHarness.ActionTitlesAsync(source, diagnostics[0], new TenantContextCodeFix()));

        var marked = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new TenantContextCodeFix(), actionIndex: 0);
        var added = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new TenantContextCodeFix(), actionIndex: 1);
        var store = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new TenantContextCodeFix());

        Assert.Contains("public void Receive([OrgId] string orgId, [ProjectId] string projectId, int count, int retries = 0)", marked);
        Assert.Contains("public void Receive(string orgId, string projectId, int count, TenantContext tenant, int retries = 0)", added);
        Assert.Contains("=> Receive(org, project, 1, new TenantContext(org, project));", added);
        Assert.Contains("=> Receive(\"o\", tenant.ProjectId, 2, retries: 1, tenant: tenant);", added);
        Assert.Contains("c.Receive(name.Trim(), \"p\", 4, default);", added);
        Assert.Contains("public void Store(string payload, TenantContext tenant) { }", store);
        Assert.Contains("public void Call(C c) => c.Store(\"x\", Tenant);", store);
        Assert.Contains("=> c.Store(\"y\", s.Tenant);", store);
        Assert.Contains("=> c.Store(\"z\", default);", store);
        foreach (var (fixedSource, method) in new[] { (marked, "Receive"), (added, "Receive"), (store, "Store") })
        {
            AnalyzerHarness.AssertNoErrors(AnalyzerHarness.Compile(fixedSource), "the fixed source");
            Assert.DoesNotContain(AnalyzerHarness.GeneratorDiagnostics(fixedSource), d => d.Id == "INS0006" && d.At(fixedSource) == method);
            Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(fixedSource));
        }
    }

    [Fact]
    public async Task Adding_a_tenant_parameter_to_an_extension_method_passes_it_at_the_right_place_in_both_call_forms()
    {
        const string source = Usings + """
            public sealed class Gateway { }
            public static class GatewayExtensions
            {
                [Ingest("ws.ingest.forward")]
                public static void Forward(this Gateway gateway, string payload, int retries = 0) { }
            }
            public static class Callers
            {
                public static void Reduced(Gateway g) => g.Forward("x", 5);
                public static void Static(Gateway g) => GatewayExtensions.Forward(g, "y", 6);
            }
            """;
        var diagnostic = Assert.Single(AnalyzerHarness.GeneratorDiagnostics(source), d => d.Id == "INS0006");

        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new TenantContextCodeFix());

        Assert.Contains("Forward(this Gateway gateway, string payload, TenantContext tenant, int retries = 0)", fixedSource);
        Assert.Contains("=> g.Forward(\"x\", default, 5);", fixedSource);
        Assert.Contains("=> GatewayExtensions.Forward(g, \"y\", default, 6);", fixedSource);
        AnalyzerHarness.AssertNoErrors(AnalyzerHarness.Compile(fixedSource), "the fixed source");
    }

    [Fact]
    public async Task Mark_is_offered_for_whichever_parameter_exists()
    {
        const string source = Usings + """
            public class C
            {
                [Broadcast("ws.broadcast")]
                public void Send([OrgId] string orgId, string projectId, string payload) { }
                [Flow("flow.execute")]
                public void Execute(string orgId, string payload) { }
            }
            """;
        var diagnostics = AnalyzerHarness.GeneratorDiagnostics(source).Where(d => d.Id == "INS0006").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { "Send", "Execute" }, diagnostics.Select(d => d.At(source)));

        Assert.Equal("Mark 'projectId' as [ProjectId]", (await AnalyzerHarness.ActionTitlesAsync(source, diagnostics[0], new TenantContextCodeFix()))[0]);
        Assert.Equal("Mark 'orgId' as [OrgId]", (await AnalyzerHarness.ActionTitlesAsync(source, diagnostics[1], new TenantContextCodeFix()))[0]);

        var project = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new TenantContextCodeFix());
        Assert.Contains("public void Send([OrgId] string orgId, [ProjectId] string projectId, string payload)", project);
        Assert.Equal(new[] { "Execute" }, AnalyzerHarness.GeneratorDiagnostics(project).Where(d => d.Id == "INS0006").Select(d => d.At(project)));

        // Marking the only one there is still leaves the project id missing: the rule keeps saying so.
        var org = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new TenantContextCodeFix());
        Assert.Contains("public void Execute([OrgId] string orgId, string payload)", org);
        Assert.Contains(AnalyzerHarness.GeneratorDiagnostics(org), d => d.Id == "INS0006" && d.At(org) == "Execute");
        AnalyzerHarness.AssertNoErrors(AnalyzerHarness.Compile(org), "the fixed source");

        var all = await AnalyzerHarness.FixAllAsync(source, "INS0006", new TenantContextCodeFix(), actionIndex: 1);
        Assert.Contains("public void Send([OrgId] string orgId, string projectId, string payload, TenantContext tenant)", all);
        Assert.Contains("public void Execute(string orgId, string payload, TenantContext tenant)", all);
        AnalyzerHarness.AssertNoErrors(AnalyzerHarness.Compile(all), "the fixed source");
        Assert.DoesNotContain(AnalyzerHarness.GeneratorDiagnostics(all), d => d.Id == "INS0006");
    }

    [Fact]
    public async Task Add_on_an_interface_implementation_updates_the_interface_every_implementation_and_their_callers()
    {
        var files = new[]
        {
            ("/src/IIngest.cs", Usings + "public interface IIngest { void Receive(string payload); }\n"),
            ("/src/Ingest.cs", Usings + """
                public sealed class Ingest : IIngest
                {
                    [Ingest("ws.ingest.receive")]
                    public void Receive(string payload) { }
                }
                public sealed class Other : IIngest
                {
                    void IIngest.Receive(string payload) { }
                }
                public abstract class Base { [Flow("flow.execute")] public virtual Task RunAsync(int n) => Task.CompletedTask; }
                public sealed class Derived : Base { public override Task RunAsync(int n) => base.RunAsync(n); }
                public static class Callers
                {
                    public static void Call(IIngest ingest, TenantContext tenant, Base b) { ingest.Receive("x"); b.RunAsync(1); }
                }
                """),
        };
        var diagnostics = AnalyzerHarness.GeneratorDiagnostics(files).Where(d => d.Id == "INS0006").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(2, diagnostics.Length);

        var receive = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[0], new TenantContextCodeFix());
        Assert.Contains("void Receive(string payload, TenantContext tenant);", receive["/src/IIngest.cs"]);
        Assert.Contains("public void Receive(string payload, TenantContext tenant) { }", receive["/src/Ingest.cs"]);
        Assert.Contains("void IIngest.Receive(string payload, TenantContext tenant) { }", receive["/src/Ingest.cs"]);
        Assert.Contains("ingest.Receive(\"x\", tenant);", receive["/src/Ingest.cs"]);
        AssertCompilesWithoutTenantWarning(receive, "Receive");

        var run = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[1], new TenantContextCodeFix());
        Assert.Contains("public virtual Task RunAsync(int n, TenantContext tenant) => Task.CompletedTask;", run["/src/Ingest.cs"]);
        Assert.Contains("public override Task RunAsync(int n, TenantContext tenant) => base.RunAsync(n, tenant);", run["/src/Ingest.cs"]);
        Assert.Contains("b.RunAsync(1, tenant);", run["/src/Ingest.cs"]);
        AssertCompilesWithoutTenantWarning(run, "RunAsync");
    }

    [Fact]
    public async Task Add_is_not_offered_when_the_method_is_used_as_a_method_group()
    {
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string payload) { }
                public Action<string> Handler => Receive;
            }
            """;
        var diagnostic = Assert.Single(AnalyzerHarness.GeneratorDiagnostics(source), d => d.Id == "INS0006");

        Assert.Empty(await AnalyzerHarness.ActionTitlesAsync(source, diagnostic, new TenantContextCodeFix()));
    }

    private static void AssertCompilesWithoutTenantWarning(IReadOnlyDictionary<string, string> files, string method)
    {
        var list = files.Select(p => (p.Key, p.Value)).ToArray();
        AnalyzerHarness.AssertNoErrors(AnalyzerHarness.Compile(list), "the fixed sources");
        Assert.DoesNotContain(AnalyzerHarness.GeneratorDiagnostics(list), d => d.Id == "INS0006" && d.GetMessage().Contains(method));
    }
}
