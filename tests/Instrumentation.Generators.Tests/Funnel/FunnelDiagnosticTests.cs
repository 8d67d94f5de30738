using System.Linq;
using Instrumentation.Generators.Funnel;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Funnel;

public sealed class FunnelDiagnosticTests
{
    private static Diagnostic Single(string body, string id)
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), "using Instrumentation;\npublic sealed record Device(string DeviceUuid);\n" + body);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        return Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
    }

    [Fact]
    public void INS0200_unresolved_member_and_parameter()
    {
        var member = Single("public class C { [FunnelEvent(\"DeviceRegistered\", EntityId = \"return.Uuid\")] public Device Register() => new(\"d\"); }", "INS0200");
        Assert.Contains("'Device' has no readable member 'Uuid'", member.GetMessage());
        var parameter = Single("public class C { [FunnelEvent(\"E\", OrgId = \"org\")] public void M(string orgId) { } }", "INS0200");
        Assert.Contains("there is no parameter 'org'", parameter.GetMessage());
        var noReturn = Single("public class C { [FunnelEvent(\"E\", OrgId = \"return\")] public void M() { } }", "INS0200");
        Assert.Contains("returns no value", noReturn.GetMessage());
    }

    [Fact]
    public void INS0201_once_per_entity_needs_an_entity()
    {
        Single("public class C { [FunnelEvent(\"First\", OncePerEntity = true)] public void M() { } }", "INS0201");
    }

    [Fact]
    public void INS0202_names()
    {
        var diagnostic = Single("public class C { [FunnelEvent(\"first data\")] public void M() { } }", "INS0202");
        Assert.Contains("'first data'", diagnostic.GetMessage());
    }

    [Fact]
    public void INS0203_private_method()
    {
        Single("public class C { [FunnelEvent(\"E\")] private void M() { } public void Call() => M(); }", "INS0203");
    }

    [Fact]
    public void Funnel_only_method_is_intercepted_and_compiles()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), """
            using System.Threading.Tasks;
            using Instrumentation;
            public sealed record Device(string DeviceUuid, string OrgId);
            public class C
            {
                [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "return.DeviceUuid", OrgId = "return.OrgId", Properties = new[] { "count=count" })]
                public Task<Device> RegisterAsync(int count) => Task.FromResult(new Device("d", "o"));
                public Task Call() => RegisterAsync(2);
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var source = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("funnel0.Properties.Add(\"count\", (long)(@count));", source);
        Assert.Contains("AfterQuickSuccess", source);
    }

    [Fact]
    public void Every_funnel_descriptor_has_a_documentation_page()
    {
        var directory = System.AppContext.BaseDirectory;
        while (!System.IO.File.Exists(System.IO.Path.Combine(directory!, "Instrumentation.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        Assert.All(FunnelDiagnostics.All, d => Assert.True(System.IO.File.Exists(System.IO.Path.Combine(directory!, "docs", "diagnostics", d.Id + ".md")), d.Id));
    }
}
