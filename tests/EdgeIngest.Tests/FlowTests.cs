using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>Flows are validated graphs run along their edges; alert nodes store alerts and push them to the org's dashboards.</summary>
public sealed class FlowTests : IClassFixture<ServerFixture>
{
    private readonly EdgeIngestServer _server;

    public FlowTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, object, string> InvalidFlows => new()
    {
        { "no nodes", new { name = "f", sensor = "temperature", nodes = Array.Empty<object>() }, "invalid_flow" },
        { "cycle", Graph(new object[] { new { id = "a", type = "filter", min = 0 }, new { id = "b", type = "filter", max = 9 } }, new object[] { new { from = "a", to = "b" }, new { from = "b", to = "a" } }), "flow_cycle" },
        { "self loop", Graph(new object[] { new { id = "a", type = "filter", min = 0 } }, new object[] { new { from = "a", to = "a" } }), "flow_cycle" },
        { "unknown type", Graph(new object[] { new { id = "a", type = "average" } }, Array.Empty<object>()), "unknown_node_type" },
        { "min above max", Graph(new object[] { new { id = "a", type = "threshold", min = 10, max = 5 } }, Array.Empty<object>()), "invalid_node_parameters" },
        { "parameter of another type", Graph(new object[] { new { id = "a", type = "filter", scale = 2 } }, Array.Empty<object>()), "invalid_node_parameters" },
        { "threshold without bounds", Graph(new object[] { new { id = "a", type = "threshold" } }, Array.Empty<object>()), "invalid_node_parameters" },
        { "unknown severity", Graph(new object[] { new { id = "a", type = "alert", severity = "urgent" } }, Array.Empty<object>()), "invalid_node_parameters" },
        { "edge to nowhere", Graph(new object[] { new { id = "a", type = "alert" } }, new object[] { new { from = "a", to = "z" } }), "unknown_node" },
        { "duplicate id", Graph(new object[] { new { id = "a", type = "alert" }, new { id = "a", type = "alert" } }, Array.Empty<object>()), "duplicate_node_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidFlows))]
    public async Task Invalid_flows_are_refused_with_400_and_a_code(string name, object body, string code)
    {
        var server = _server;
        var tenant = await server.ProvisionAsync(name.Replace(' ', '-'));

        using var response = await server.SendAsync(HttpMethod.Post, $"api/projects/{tenant.ProjectId}/flows", body, tenant.ApiKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_flow_runs_along_its_edges_and_its_alert_node_stores_an_alert_and_pushes_it_to_its_orgs_dashboards_only()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Instrumentation.Generated.EdgeIngest",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var server = _server;
        var tenant = await server.ProvisionAsync("plant");
        var stranger = await server.ProvisionAsync("stranger");
        var created = await server.PostAsync($"api/projects/{tenant.ProjectId}/flows", Graph(
            new object[]
            {
                new { id = "scale", type = "transform", scale = 2.0 },
                new { id = "alarm", type = "alert", severity = "critical", message = "too hot" },
                new { id = "hot", type = "threshold", max = 30.0 },
                new { id = "plausible", type = "filter", min = -100.0, max = 100.0 },
            },
            new object[]
            {
                new { from = "plausible", to = "hot" },
                new { from = "plausible", to = "scale" },
                new { from = "hot", to = "alarm" },
            }), tenant.ApiKey);
        Assert.Equal(new[] { "scale", "plausible", "alarm", "hot" }.OrderBy(x => x), created.GetProperty("order").EnumerateArray().Select(e => e.GetString()!).OrderBy(x => x));
        var order = created.GetProperty("order").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(order.IndexOf("plausible") < order.IndexOf("hot") && order.IndexOf("hot") < order.IndexOf("alarm"), "topological order: " + string.Join(",", order));
        using var dashboard = await server.ConnectDashboardAsync(tenant);
        using var strangerDashboard = await server.ConnectDashboardAsync(stranger);
        using var device = await server.ConnectDeviceAsync(tenant.Token);

        // Nothing is hot: the alert node receives no value and does not run.
        await EdgeIngestServer.SendAsync(device, """{"message_id":"cool","sensor":"temperature","readings":[{"value":20}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        Assert.Equal("reading", (await EdgeIngestServer.ReceiveAsync(dashboard)).GetProperty("type").GetString());
        var coolExecution = spans.Single(s => s.OperationName == "flow.execute" && (string?)s.GetTagItem("org_id") == tenant.OrgId);
        Assert.Equal(new[] { "hot", "plausible", "scale" }, NodesOf(spans, coolExecution).OrderBy(n => n));

        await EdgeIngestServer.SendAsync(device, """{"message_id":"warm","sensor":"temperature","readings":[{"value":20},{"value":35},{"value":500}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        var frames = new[] { await EdgeIngestServer.ReceiveAsync(dashboard), await EdgeIngestServer.ReceiveAsync(dashboard) };
        var alert = Assert.Single(frames, f => f.GetProperty("type").GetString() == "alert");
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal("too hot", alert.GetProperty("message").GetString());
        Assert.Equal(35, alert.GetProperty("value").GetDouble());
        Assert.Equal(1, alert.GetProperty("count").GetInt32());
        Assert.Equal(created.GetProperty("flow_uuid").GetString(), alert.GetProperty("flow_id").GetString());
        Assert.Equal(tenant.DeviceUuid, alert.GetProperty("device_uuid").GetString());

        // Stored, listed by the API, and never sent to another org's dashboard.
        using (var list = await server.SendAsync(HttpMethod.Get, $"api/projects/{tenant.ProjectId}/alerts", null, tenant.ApiKey))
        {
            var alerts = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(alert.GetProperty("alert_id").GetString(), Assert.Single(alerts.EnumerateArray()).GetProperty("alert_id").GetString());
        }

        await AssertNothingArrivesAsync(strangerDashboard);

        // The span tree: flow.execute -> flow.node.execute (node_id, node_type) -> flow.alert.raise.
        var hotExecution = spans.Where(s => s.OperationName == "flow.execute" && (string?)s.GetTagItem("org_id") == tenant.OrgId).Single(s => s != coolExecution);
        Assert.Equal(4L, hotExecution.GetTagItem("node_count"));
        Assert.Equal(tenant.OrgId, hotExecution.GetTagItem("org_id"));
        Assert.Equal(new[] { "alarm", "hot", "plausible", "scale" }, NodesOf(spans, hotExecution).OrderBy(n => n));
        var alarm = spans.Single(s => s.OperationName == "flow.node.execute" && s.ParentSpanId == hotExecution.SpanId && (string?)s.GetTagItem("node_id") == "alarm");
        Assert.Equal("alert", alarm.GetTagItem("node_type"));
        var raise = spans.Single(s => s.OperationName == "flow.alert.raise");
        Assert.Equal(alarm.SpanId, raise.ParentSpanId);
        Assert.Equal(tenant.DeviceUuid, raise.GetTagItem("device_uuid"));
    }

    private static object Graph(object[] nodes, object[] edges) => new { name = "g", sensor = "temperature", nodes, edges };

    private static string[] NodesOf(ConcurrentQueue<Activity> spans, Activity execution) =>
        spans.Where(s => s.OperationName == "flow.node.execute" && s.ParentSpanId == execution.SpanId).Select(s => (string)s.GetTagItem("node_id")!).ToArray();

    private static async Task AssertNothingArrivesAsync(ClientWebSocket socket)
    {
        using var wait = new CancellationTokenSource(500);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await socket.ReceiveAsync(new byte[4096], wait.Token));
    }
}
