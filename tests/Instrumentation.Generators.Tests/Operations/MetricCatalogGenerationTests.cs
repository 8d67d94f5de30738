using System.Linq;
using System.Reflection;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Instrumentation.Observability;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// The metric declarations the generator emits for the catalog: compiled, loaded and run, and INS0010 for
/// unusable failure reasons.
/// </summary>
public sealed class MetricCatalogGenerationTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Instrumentation;

        namespace Demo;

        public enum Kind { Device, DashboardClient }

        public sealed class Service
        {
            [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasons = new[] { "invalid_token", "device_revoked" })]
            public void CheckDevice(string token) { }

            [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasons = new[] { "missing_token", "invalid_token" })]
            public void CheckDashboard(string token) { }

            [Operation("ws.connection", ActiveMetric = "ws_connections_active")]
            public void Connect([MetricLabel("kind")] Kind? kind, [MetricLabel("secure")] bool secure) { }

            [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Messages)]
            public void Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings,
                [MetricLabel("path"), BoundedValues("/b", "/a", "/a")] string path) { }
        }

        public static class Calls
        {
            public static void Run(Service s)
            {
                s.CheckDevice("t");
                s.CheckDashboard("t");
                s.Connect(Kind.Device, true);
                s.Receive(new TenantContext("o", "p"), new double[1], "/a");
            }
        }
        """;

    [Fact]
    public void Generated_declarations_describe_every_instrument_with_its_known_label_values()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);

        var metrics = Describe(run).ToDictionary(m => m.Name);

        Assert.All(metrics.Values, m => Assert.Equal("Instrumentation.Generated.TestAssembly", m.MeterName));
        var auth = metrics["auth_failures_total"];
        Assert.Equal(MetricInstrumentKind.Counter, auth.Kind);
        Assert.Equal("{failure}", auth.Unit);
        var reason = Assert.Single(auth.Labels);
        Assert.Equal("reason", reason.Name);
        Assert.Equal(MetricLabelValues.Expected, reason.ValueKind);
        Assert.Equal(new[] { "device_revoked", "invalid_token", "missing_token" }, reason.Values);

        var active = metrics["ws_connections_active"];
        Assert.Equal(MetricInstrumentKind.UpDownCounter, active.Kind);
        Assert.Equal(new[] { "kind", "secure" }, active.Labels.Select(l => l.Name));
        Assert.Equal(new[] { "dashboard_client", "device", "other", "none" }, active.Label("kind")!.Values);
        Assert.Equal(new[] { "false", "true" }, active.Label("secure")!.Values);
        Assert.Equal(MetricLabelValues.Closed, active.Label("secure")!.ValueKind);
        Assert.Equal(8, active.ZeroSeries.Count);

        var messages = metrics["ingest_messages_total"];
        Assert.Equal(MetricLabelValues.Unknown, messages.Label("org")!.ValueKind);
        Assert.Equal(new[] { "/a", "/b", "other" }, messages.Label("path")!.Values);
        Assert.Empty(messages.ZeroSeries);

        Assert.Equal(MetricInstrumentKind.Histogram, metrics["ingest_processing_latency_ms"].Kind);
        Assert.Equal("ms", metrics["ingest_processing_latency_ms"].Unit);
        Assert.Null(metrics["ingest_processing_latency_ms"].Label("org"));
        Assert.Empty(metrics["ingest_processing_latency_ms"].ZeroSeries);

        // A counter without labels has exactly one zero series: the one without labels.
        Assert.Empty(Assert.Single(metrics["auth_check_calls_total"].ZeroSeries));
    }

    [Fact]
    public void Generated_instrument_list_holds_one_instrument_per_declared_name()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), Source);
        var declarations = DeclarationsType(run.Load());
        var all = (System.Diagnostics.Metrics.Instrument[])declarations.GetMethod("All", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        var described = (Instrumentation.Observability.MetricDescriptor[])declarations.GetMethod("Describe", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;

        // The catalog finds an instrument by its own name: the list and the declarations name the same metrics.
        Assert.Equal(described.Select(d => d.Name), all.Select(i => i.Name));
        Assert.IsType<System.Diagnostics.Metrics.Counter<long>>(all.Single(i => i.Name == "auth_failures_total"));
        Assert.IsType<System.Diagnostics.Metrics.UpDownCounter<long>>(all.Single(i => i.Name == "ws_connections_active"));
    }

    [Fact]
    public void Failure_reasons_without_a_failure_reason_label_add_the_label_reason()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation("job.run", FailureReasons = new[] { "timeout" })] public void M() { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        var failures = Describe(run).Single(m => m.Name == "job_run_failures_total");
        Assert.Equal("reason", Assert.Single(failures.Labels).Name);
        Assert.Equal(new[] { "timeout" }, failures.Label("reason")!.Values);
        Assert.Empty(Describe(run).Single(m => m.Name == "job_run_calls_total").Labels);
    }

    [Theory]
    [InlineData("FailureReasons = new[] { \"a\", \"\" }", "contain an empty value")]
    [InlineData("FailureReasons = new[] { \"a\", \"a\" }", "list 'a' more than once")]
    [InlineData("FailureReasonLabel = \"\", FailureReasons = new[] { \"a\" }", "have no label to go to")]
    [InlineData("FailuresMetric = \"\", FailureReasons = new[] { \"a\" }", "have no counter to go to")]
    public void INS0010_unusable_failure_reasons_are_reported_on_the_attribute(string arguments, string message)
    {
        var source = "using Instrumentation;\npublic class C { [Operation(\"job.run\", " + arguments + ")] public void M() { } }\n";
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0010");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains(message, diagnostic.GetMessage());
        Assert.Equal("Operation(\"job.run\", " + arguments + ")", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void An_assembly_without_operations_declares_an_empty_catalog()
    {
        const string source = """
            using Instrumentation;
            public class C { [FunnelEvent("Signed")] public void M() { } public void Call() => M(); }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.Empty(Describe(run));
    }

    private static MetricDescriptor[] Describe(GeneratorRun run)
    {
        var describe = DeclarationsType(run.Load()).GetMethod("Describe", BindingFlags.Public | BindingFlags.Static)!;
        return (MetricDescriptor[])describe.Invoke(null, null)!;
    }

    private static System.Type DeclarationsType(Assembly assembly) =>
        assembly.GetTypes().Single(t => t.Name.EndsWith("MetricDeclarations", System.StringComparison.Ordinal));
}
