using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using EdgeIngest.Observability;
using Instrumentation.Observability;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// SPEC §2.9 / issue 16: EdgeIngest's telemetry catalog (built at compile time, registered by its generated module
/// initializers) lists the spans and funnel events of SPEC §3.2/§3.4; the checked-in docs/edgeingest-telemetry.md is
/// exactly what <c>observability --write-telemetry-docs</c> renders from it; telemetry.json written by the build agrees.
/// </summary>
public sealed class TelemetryCatalogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeingest-catalog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static TelemetryCatalog Catalog()
    {
        // Touching the assembly runs its module initializers (they register the catalog sections).
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(ObservabilityCommand).Module.ModuleHandle);
        return TelemetryCatalog.Current.ForAssembly("EdgeIngest");
    }

    [Fact]
    public void The_catalog_lists_the_spans_of_the_spec_with_tenant_attributes()
    {
        var catalog = Catalog();
        var spans = catalog.Spans.ToDictionary(s => s.Name);

        foreach (var name in new[] { "ws.ingest.receive", "db.sensor.insert", "ts.write", "ws.broadcast.widget", "flow.execute", "flow.node.execute", "auth.check" })
        {
            Assert.True(spans.ContainsKey(name), name + " is in the catalog");
            Assert.Contains(spans[name].Attributes, a => a.Name == "org_id" && a.IsTenant);
        }

        Assert.Contains(spans["flow.execute"].Attributes, a => a.Name == "flow_id");
        Assert.Contains(spans["flow.execute"].Attributes, a => a.Name == "node_count");
        Assert.Contains(spans["flow.node.execute"].Attributes, a => a.Name == "node_type");
        Assert.Contains("flow_exec_duration_ms", spans["flow.execute"].Metrics);
    }

    [Fact]
    public void The_catalog_lists_the_funnel_events_of_the_spec()
    {
        var funnels = Catalog().FunnelEvents.ToDictionary(f => f.Name);

        foreach (var name in new[] { "OrgCreated", "ProjectCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData", "FlowCreated", "FlowExecuted" })
        {
            Assert.True(funnels.ContainsKey(name), name + " is in the catalog");
        }

        Assert.True(funnels["FirstDeviceData"].OncePerEntity);
        Assert.False(funnels["FlowExecuted"].OncePerEntity);
        Assert.Contains(funnels["FirstDeviceData"].Properties, p => p.Name == "time_since_registration_s");
    }

    [Fact]
    public void The_checked_in_telemetry_page_is_what_the_command_renders_from_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "edgeingest-telemetry.md");
        Assert.True(File.Exists(path), path + " exists: run " + ObservabilityCommand.TelemetryDocsCommand);
        var expected = ObservabilityCommand.RenderTelemetryDocs();

        Assert.True(
            File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) == expected,
            "docs/edgeingest-telemetry.md is out of date with the telemetry catalog: run " + ObservabilityCommand.TelemetryDocsCommand);
        Assert.Contains("`ingest_processing_latency_ms`", expected, StringComparison.Ordinal);
        Assert.Contains("IngestLatencyHigh", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_writes_the_page_it_renders()
    {
        var file = Path.Combine(_directory, "telemetry.md");

        Assert.Equal(0, ObservabilityCommand.Run(new[] { "--write-telemetry-docs", file }));

        Assert.Equal(ObservabilityCommand.RenderTelemetryDocs(), File.ReadAllText(file));
        Assert.False(File.Exists(Path.Combine(_directory, ObservabilityPlan.AlertRulesFileName)));
    }

    [Fact]
    public void The_telemetry_json_written_by_the_build_lists_the_same_items_as_the_catalog_in_code()
    {
        var configuration = typeof(ObservabilityCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = Path.Combine(RepositoryRoot(), "samples", "EdgeIngest", "bin", configuration, "net10.0", "telemetry.json");
        Assert.True(File.Exists(path), path + " is written by the build");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var catalog = Catalog();

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("EdgeIngest", root.GetProperty("assembly").GetString());
        Assert.Equal(catalog.Spans.Select(s => s.Name), Names(root, "spans"));
        Assert.Equal(catalog.FunnelEvents.Select(f => f.Name), Names(root, "funnelEvents"));
        Assert.Equal(catalog.LogEvents.Select(e => e.Category + "#" + e.EventId), root.GetProperty("logEvents").EnumerateArray()
            .Select(e => e.GetProperty("category").GetString() + "#" + e.GetProperty("eventId").GetInt32()));
        Assert.Equal(catalog.Metrics.Metrics.Select(m => m.Name), Names(root, "metrics"));
    }

    private static string?[] Names(JsonElement root, string section) =>
        root.GetProperty(section).EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToArray();

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Instrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Repository root not found from " + AppContext.BaseDirectory);
    }
}
