using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>The span tree of SPEC §3.2, produced only by attributes.</summary>
public sealed class SpanStructureTests
{
    [Fact]
    public async Task Ingest_span_has_store_time_series_flow_and_broadcast_children_with_tenant_attributes()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Instrumentation.Generated.EdgeIngest",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        // Every trace sampled: the REST part below reads our http.request under ASP.NET Core's request span, and by
        // default (InstrumentationOptions.ParentBasedSampling) a generated span under an unrecorded request span is
        // not offered to any listener, this test's raw one included.
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--sampling-ratio", "1" });
        var tenant = await server.ProvisionAsync();
        await server.PostAsync($"api/projects/{tenant.ProjectId}/flows", new
        {
            name = "hot",
            template = "threshold_alert",
            sensor = "temperature",
            nodes = new object[] { new { type = "filter", min = -40.0, max = 125.0 }, new { type = "alert" } },
        }, tenant.ApiKey);
        using var dashboard = await server.ConnectDashboardAsync(tenant);
        using var device = await server.ConnectDeviceAsync(tenant.Token);

        await EdgeIngestServer.SendAsync(device, """{"message_id":"m-span","sensor":"temperature","readings":[{"value":31}]}""");
        await EdgeIngestServer.ReceiveAsync(device);
        await EdgeIngestServer.ReceiveAsync(dashboard);

        var ingest = spans.Single(s => s.OperationName == "ws.ingest.receive");
        Assert.Equal(default, ingest.ParentSpanId);
        Assert.Equal(tenant.OrgId, ingest.GetTagItem("org_id"));
        Assert.Equal(tenant.ProjectId, ingest.GetTagItem("project_id"));
        Assert.Equal(tenant.DeviceUuid, ingest.GetTagItem("device_uuid"));
        foreach (var child in new[] { "ws.ingest.validate", "db.sensor.insert", "ts.write", "ws.broadcast.widget", "flow.execute" })
        {
            var span = spans.Single(s => s.OperationName == child);
            Assert.Equal(ingest.SpanId, span.ParentSpanId);
            Assert.Equal(tenant.OrgId, span.GetTagItem("org_id"));
        }

        Assert.Equal("m-span", spans.Single(s => s.OperationName == "db.sensor.insert").GetTagItem("message_id"));
        var flow = spans.Single(s => s.OperationName == "flow.execute");
        Assert.Equal(2L, flow.GetTagItem("node_count"));
        Assert.NotNull(flow.GetTagItem("flow_id"));
        var nodes = spans.Where(s => s.OperationName == "flow.node.execute").ToList();
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(flow.SpanId, n.ParentSpanId));
        Assert.Equal(new[] { "filter", "alert" }, nodes.Select(n => (string)n.GetTagItem("node_type")!).ToArray());
        Assert.Equal(tenant.WidgetId, spans.Single(s => s.OperationName == "ws.broadcast.widget").GetTagItem("widget_id"));
        // The device's connect-time check is a root span with the device's tenant; the dashboard's names its dashboard.
        var deviceAuth = spans.Single(s => s.OperationName == "auth.check" && s.ParentSpanId == default && s.GetTagItem("dashboard_id") is null);
        Assert.Equal(tenant.DeviceUuid, deviceAuth.GetTagItem("device_uuid"));
        Assert.Equal(tenant.OrgId, deviceAuth.GetTagItem("org_id"));
        var dashboardAuths = spans.Where(s => s.OperationName == "auth.check" && (string?)s.GetTagItem("dashboard_id") == tenant.DashboardId).ToList();
        // Seen missing once in a full test run and never reproduced: the assertion names every auth.check span it saw.
        Assert.True(dashboardAuths.Count == 1, $"Expected one auth.check span with dashboard_id {tenant.DashboardId}, found {dashboardAuths.Count}. Every auth.check span:\n{Describe(spans.Where(s => s.OperationName == "auth.check"))}");
        var dashboardAuth = dashboardAuths[0];
        Assert.Equal(tenant.ProjectId, dashboardAuth.GetTagItem("project_id"));
        // A REST request's trace starts at ASP.NET Core's request span (OpenTelemetry.Instrumentation.AspNetCore); our
        // http.request (request_id, request metrics) is its child, and the response record is under that.
        var createOrg = spans.Single(s => s.OperationName == "http.request" && (string?)s.GetTagItem("http.route") == "/api/orgs");
        var request = createOrg.Parent;
        Assert.NotNull(request);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(request.TraceId, createOrg.TraceId);
        Assert.Equal("201", spans.Single(s => s.OperationName == "http.response" && s.ParentSpanId == createOrg.SpanId).GetTagItem("http.status_code"));
    }

    private static string Describe(IEnumerable<Activity> spans) => string.Join("\n", spans.Select(s =>
        $"{s.SpanId} parent={s.ParentSpanId} recorded={s.Recorded} start={s.StartTimeUtc:O} duration={s.Duration} status={s.Status} tags=[{string.Join(", ", s.TagObjects.Select(t => t.Key + "=" + t.Value))}]"));
}
