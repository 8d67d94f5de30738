using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Demo;
using Instrumentation.TestServers.Otlp;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// The demo driver (simulated devices and dashboards through the real API and WebSockets) against the app
/// with the official OTLP exporter configured by OTEL_* variables: the SPEC §3.2 span tree with tenant
/// attributes, metrics, and funnel events as log records reach an OTLP/HTTP receiver.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_demo_run_exports_the_span_tree_with_tenant_attributes_metrics_and_funnel_events()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", "Development");
        DemoDriver demo;
        try
        {
            await using var server = await EdgeIngestServer.StartAsync();
            demo = new DemoDriver(server.BaseUrl, 2);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
            await demo.RunAsync(stop.Token);
            Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", null);
        }

        Assert.True(demo.AckLatency.Count > 0, "the demo devices got acknowledgements");
        var spans = receiver.Spans.ToList();
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        static void AssertTenant(ReceivedSpan span, bool withDevice)
        {
            Assert.False(string.IsNullOrEmpty(span.Attributes.GetValueOrDefault("org_id")), span.Name + " has org_id");
            Assert.False(string.IsNullOrEmpty(span.Attributes.GetValueOrDefault("project_id")), span.Name + " has project_id");
            if (withDevice)
            {
                Assert.False(string.IsNullOrEmpty(span.Attributes.GetValueOrDefault("device_uuid")), span.Name + " has device_uuid");
            }
        }

        // ws.ingest.receive -> db.sensor.insert, ts.write, ws.broadcast.widget (and ws.ingest.validate), tenant on each.
        var ingests = spans.Where(s => s.Name == "ws.ingest.receive").ToList();
        Assert.NotEmpty(ingests);
        var complete = ingests.First(i => spans.Any(s => s.Name == "ws.broadcast.widget" && s.ParentSpanId == i.SpanId));
        Assert.Equal(string.Empty, complete.ParentSpanId);
        AssertTenant(complete, withDevice: true);
        foreach (var child in new[] { "ws.ingest.validate", "db.sensor.insert", "ts.write", "ws.broadcast.widget" })
        {
            var span = Assert.Single(spans, s => s.Name == child && s.ParentSpanId == complete.SpanId);
            Assert.Equal(complete.TraceId, span.TraceId);
            AssertTenant(span, withDevice: true);
            Assert.Equal(complete.Attributes["org_id"], span.Attributes["org_id"]);
        }

        Assert.False(string.IsNullOrEmpty(spans.Single(s => s.Name == "db.sensor.insert" && s.ParentSpanId == complete.SpanId).Attributes.GetValueOrDefault("message_id")));

        // flow.execute (flow_id, node_count) -> flow.node.execute (node_id, node_type), under an ingest span.
        var flow = spans.First(s => s.Name == "flow.execute" && spans.Count(n => n.Name == "flow.node.execute" && n.ParentSpanId == s.SpanId) >= 2);
        Assert.Equal("ws.ingest.receive", byId[flow.ParentSpanId].Name);
        AssertTenant(flow, withDevice: true);
        Assert.False(string.IsNullOrEmpty(flow.Attributes.GetValueOrDefault("flow_id")));
        var nodes = spans.Where(n => n.Name == "flow.node.execute" && n.ParentSpanId == flow.SpanId).ToList();
        Assert.InRange(nodes.Count, 2, int.Parse(flow.Attributes["node_count"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(nodes, n =>
        {
            AssertTenant(n, withDevice: true);
            Assert.False(string.IsNullOrEmpty(n.Attributes.GetValueOrDefault("node_id")));
            Assert.Contains(n.Attributes.GetValueOrDefault("node_type"), new[] { "filter", "threshold", "transform", "alert" });
        });

        // auth.check: the devices' and dashboards' checks at connect carry their tenant. They are roots: a WebSocket
        // upgrade is not traced as a request (it lasts as long as the connection).
        var authChecks = spans.Where(s => s.Name == "auth.check" && s.ParentSpanId.Length == 0).ToList();
        Assert.True(authChecks.Count >= 4, "two devices and two dashboards authenticated: " + authChecks.Count);
        Assert.All(authChecks, a => AssertTenant(a, withDevice: false));

        // A REST call is a trace of its own, rooted at ASP.NET Core's request span (route and status from
        // OpenTelemetry.Instrumentation.AspNetCore), with http.request under it and the API key's auth.check (org_id)
        // under that.
        var rest = spans.First(s => s.Name == "http.request" && s.Attributes.GetValueOrDefault("http.route") == "/api/projects/{projectId}/devices");
        var request = byId[rest.ParentSpanId];
        Assert.Equal("POST /api/projects/{projectId}/devices", request.Name);
        Assert.Equal(string.Empty, request.ParentSpanId);
        Assert.Equal("201", request.Attributes.GetValueOrDefault("http.response.status_code"));
        Assert.False(string.IsNullOrEmpty(Assert.Single(spans, s => s.Name == "auth.check" && s.ParentSpanId == rest.SpanId).Attributes.GetValueOrDefault("org_id")));

        // Ours, then the served instrumentation's: ASP.NET Core's request duration and the runtime's GC count.
        foreach (var metric in new[] { "ingest_messages_total", "ingest_processing_latency_ms", "broadcast_latency_ms", "flow_exec_duration_ms", "ws_connections_active", "http.server.request.duration", "dotnet.gc.collections" })
        {
            Assert.Contains(metric, receiver.MetricNames);
        }

        var events = receiver.Logs.Where(l => l.EventName is not null).Select(l => l.EventName).ToList();
        foreach (var name in new[] { "OrgCreated", "ProjectCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData", "FlowCreated", "FlowExecuted" })
        {
            Assert.Contains(name, events);
        }
    }
}
