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

    /// <summary>
    /// A stranger's trial: a OncePerEntity event whose EntityId read a classified e-mail was stored with
    /// <c>entity_id=[REDACTED]</c>, the same for every user, so every later user's event would have been dropped. Now a
    /// warning says so; unclassified ids are not reported, and the event is still generated.
    /// </summary>
    [Fact]
    public void INS0207_a_classified_id_is_reported_with_what_it_does_to_the_funnel()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), """
            using Instrumentation;
            public sealed class User { [PersonalData] public string Email { get; set; } = ""; public string Id { get; set; } = ""; }
            public class C
            {
                [FunnelEvent("Signed", OncePerEntity = true, EntityId = "u.Email", UserId = "u.Email", OrgId = "org")]
                public void Sign(string org, User u) { }

                [FunnelEvent("Visited", OncePerEntity = true, EntityId = "u.Id", UserId = "u.Id", OrgId = "org")]
                public void Visit(string org, User u) { }
            }
            """);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001" or "INS0999");
        var messages = run.GeneratorDiagnostics.Where(d => d.Id == "INS0207").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(
            new[]
            {
                "EntityId of funnel event 'Signed' of 'C.Sign(string, User)' reads classified data, so it is stored redacted: with the default EraseRedactor every EntityId is the same '[REDACTED]', so this once-per-entity event is kept for the first entity only; read an id that is not personal data (a surrogate key), or configure a redactor that keeps values apart (HmacRedactor)",
                "UserId of funnel event 'Signed' of 'C.Sign(string, User)' reads classified data, so it is stored redacted: with the default EraseRedactor every UserId is the same '[REDACTED]', so nothing that reads the stored events can tell them apart; read an id that is not personal data (a surrogate key), or configure a redactor that keeps values apart (HmacRedactor)",
            },
            messages);
        Assert.All(run.GeneratorDiagnostics.Where(d => d.Id == "INS0207"), d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Empty(run.Problems);
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

    private static string At(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    private static Diagnostic SingleAt(string source, string id, string expectedAt)
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(expectedAt, At(diagnostic, source));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);

        // The event with the problem is not generated; the rest of the compilation still builds.
        Assert.Empty(run.Problems);
        return diagnostic;
    }

    [Fact]
    public void INS0204_a_value_of_an_unsupported_type_is_reported_on_the_attribute()
    {
        const string source = """
            using Instrumentation;
            public sealed record Address(string Street);
            public sealed record Customer(string Id, Address Home, char Initial, object Tag);
            public class C
            {
                [FunnelEvent("CustomerSaved", EntityId = "customer.Id", Properties = new[] { "home=customer.Home" })]
                public void Save(Customer customer) { }
                public void Call() => Save(new Customer("c", new Address("s"), 'x', 1));
            }
            """;
        var diagnostic = SingleAt(source, "INS0204", "FunnelEvent(\"CustomerSaved\", EntityId = \"customer.Id\", Properties = new[] { \"home=customer.Home\" })");
        Assert.Contains("'customer.Home' in funnel event 'CustomerSaved'", diagnostic.GetMessage());
        Assert.Contains("is a 'global::Address'", diagnostic.GetMessage());

        foreach (var path in new[] { "customer.Initial", "customer.Tag", "customer" })
        {
            var other = GeneratorHarness.Run(new OperationGenerator(), source.Replace("home=customer.Home", "v=" + path));
            Assert.Contains(other.GeneratorDiagnostics, d => d.Id == "INS0204" && d.GetMessage().Contains("'" + path + "'"));
        }

        var id = GeneratorHarness.Run(new OperationGenerator(), source.Replace("EntityId = \"customer.Id\"", "EntityId = \"customer.Home\"").Replace("home=customer.Home", "id=customer.Id"));
        Assert.Contains(id.GeneratorDiagnostics, d => d.Id == "INS0204" && d.GetMessage().Contains("'customer.Home'"));
    }

    [Fact]
    public void Supported_value_types_compile_without_diagnostics()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), """
            using System;
            using Instrumentation;
            public enum Kind { A, B }
            public enum Wide : ulong { Max = ulong.MaxValue }
            public sealed record All(string S, int I, long L, ulong U, byte B, short Sh, float F, double D, decimal M, bool Flag, Guid G, Kind K, Wide W,
                DateTime T, DateTimeOffset O, TimeSpan Span, int? NI, Guid? NG, Kind? NK, DateTime? NT, nint Native);
            public class C
            {
                [FunnelEvent("A", EntityId = "a.G", OrgId = "a.K", ProjectId = "a.I", UserId = "a.NG", Properties = new[] { "s=a.S", "i=a.I", "l=a.L", "u=a.U", "b=a.B", "sh=a.Sh", "f=a.F", "d=a.D" })]
                [FunnelEvent("B", Properties = new[] { "m=a.M", "flag=a.Flag", "g=a.G", "k=a.K", "w=a.W", "t=a.T", "o=a.O", "span=a.Span" })]
                [FunnelEvent("C", Properties = new[] { "ni=a.NI", "ng=a.NG", "nk=a.NK", "nt=a.NT", "native=a.Native", "nested=maybe.NI" })]
                public void M(All a, All? maybe) { }
                public void Call() => M(null!, null);
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void INS0205_time_since_problems_are_reported_on_the_attribute()
    {
        const string template = """
            using System;
            using Instrumentation;
            public sealed record Widget(string Id, DateTimeOffset CreatedAt, string Name);
            public class C
            {
                [FunnelEvent("FirstLiveWidgetData", ARGS)]
                public void Broadcast(Widget widget) { }
                public void Call() => Broadcast(new Widget("w", DateTimeOffset.UtcNow, "n"));
            }
            """;
        var cases = new (string Arguments, string Message)[]
        {
            ("OncePerEntity = true, EntityId = \"widget.Id\", SinceProperty = \"time_since_s\", SinceTimestamp = \"widget.Name\"", "SinceTimestamp 'widget.Name' is a 'string', not a DateTime or DateTimeOffset"),
            ("SinceProperty = \"time_since_s\", SinceEvent = \"WidgetCreated\"", "SinceEvent 'WidgetCreated' is found by entity, and the event has no EntityId"),
            ("EntityId = \"widget.Id\", SinceProperty = \"time_since_s\"", "SinceProperty needs SinceEvent"),
            ("EntityId = \"widget.Id\", SinceEvent = \"WidgetCreated\"", "need SinceProperty"),
            ("EntityId = \"widget.Id\", SinceProperty = \"time_since_s\", SinceEvent = \"WidgetCreated\", SinceTimestamp = \"widget.CreatedAt\"", "not both"),
        };
        foreach (var (arguments, message) in cases)
        {
            var source = template.Replace("ARGS", arguments);
            var diagnostic = SingleAt(source, "INS0205", "FunnelEvent(\"FirstLiveWidgetData\", " + arguments + ")");
            Assert.Contains(message, diagnostic.GetMessage());
        }

        var fine = GeneratorHarness.Run(new OperationGenerator(), template.Replace("ARGS", "OncePerEntity = true, EntityId = \"widget.Id\", SinceProperty = \"time_since_s\", SinceTimestamp = \"widget.CreatedAt\""));
        Assert.Empty(fine.GeneratorDiagnostics);
        Assert.Empty(fine.Problems);
    }

    [Fact]
    public void INS0206_duration_property_needs_an_operation_attribute()
    {
        const string source = """
            using Instrumentation;
            public class C
            {
                [FunnelEvent("FlowExecuted", DurationProperty = "duration_ms")]
                public void Run() { }
                public void Call() => Run();
            }
            """;
        var diagnostic = SingleAt(source, "INS0206", "FunnelEvent(\"FlowExecuted\", DurationProperty = \"duration_ms\")");
        Assert.Contains("'C.Run()' has no operation attribute", diagnostic.GetMessage());

        var withOperation = GeneratorHarness.Run(new OperationGenerator(), source.Replace("public void Run()", "[Operation(\"flow.run\")] public void Run()"));
        Assert.Empty(withOperation.GeneratorDiagnostics);
        Assert.Empty(withOperation.Problems);
    }

    [Fact]
    public void Funnel_events_with_typed_values_a_supplied_timestamp_and_the_operation_duration_match_the_snapshot()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), """
            using System;
            using System.Threading.Tasks;
            using Instrumentation;
            public enum Kind { Filter, Threshold }
            public sealed record Widget(Guid Id, DateTimeOffset CreatedAt, Kind Kind);
            public sealed record Outcome(long Remaining);
            public class Flows
            {
                [Flow("flow.execute")]
                [FunnelEvent("FlowExecuted", ProjectId = "tenant.ProjectId", DurationProperty = "duration_ms", Properties = new[] { "remaining=return.Remaining", "kind=kind" })]
                public async Task<Outcome> ExecuteAsync(TenantContext tenant, Kind kind) { await Task.Yield(); return new Outcome(1); }

                [FunnelEvent("FirstLiveWidgetData", OncePerEntity = true, EntityId = "widget.Id", Properties = new[] { "kind=widget.Kind" }, SinceProperty = "time_since_widget_created_s", SinceTimestamp = "widget.CreatedAt")]
                public void Broadcast(Widget widget) { }

                public async Task Call(Widget widget)
                {
                    await ExecuteAsync(new TenantContext("o", "p"), Kind.Filter);
                    Broadcast(widget);
                }
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Snapshot.Match("Funnel.Events", run.GeneratedSources[OperationEmitter.HintName]);
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
        Assert.Contains("funnel0.Properties.Add(\"count\", global::Instrumentation.Funnel.FunnelValue.Int64((long)(@count)));", source);
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
