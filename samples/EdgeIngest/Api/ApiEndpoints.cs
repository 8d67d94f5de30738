using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Ingest;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeIngest.Api;

/// <summary>The REST API: orgs, projects, devices (with tokens), dashboards, widgets and flows.</summary>
public static class ApiEndpoints
{
    public sealed record NameRequest(string? Name, string? UserId = null);

    public sealed record WidgetRequest(string? DeviceUuid, string? Sensor);

    public sealed record FlowNodeRequest(string? Type, double? Min, double? Max, double? Scale, double? Offset);

    public sealed record FlowRequest(string? Name, string? Template, string? Sensor, List<FlowNodeRequest>? Nodes);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orgs", async (NameRequest body, EdgeStore store, CancellationToken ct) =>
        {
            var id = await store.CreateOrgAsync(RequireName(body.Name), string.IsNullOrWhiteSpace(body.UserId) ? "anonymous" : body.UserId, ct);
            return Results.Created("/api/orgs/" + id, new { org_id = id });
        });
        app.MapPost("/api/orgs/{orgId}/projects", async (string orgId, NameRequest body, EdgeStore store, CancellationToken ct) =>
        {
            var id = await store.CreateProjectAsync(orgId, RequireName(body.Name), ct);
            return Results.Created("/api/projects/" + id, new { project_id = id, org_id = orgId });
        });
        app.MapPost("/api/projects/{projectId}/devices", async (string projectId, NameRequest body, EdgeStore store, CancellationToken ct) =>
        {
            var (device, token) = await store.RegisterDeviceAsync(projectId, RequireName(body.Name), ct);
            return Results.Created("/api/devices/" + device.DeviceUuid, new { device_uuid = device.DeviceUuid, org_id = device.OrgId, project_id = device.ProjectId, token });
        });
        app.MapDelete("/api/devices/{deviceUuid}", async (string deviceUuid, EdgeStore store, CancellationToken ct) =>
            await store.RevokeDeviceAsync(deviceUuid, ct) ? Results.NoContent() : Results.NotFound());
        app.MapPost("/api/projects/{projectId}/dashboards", async (string projectId, NameRequest body, EdgeStore store, CancellationToken ct) =>
        {
            var id = await store.CreateDashboardAsync(projectId, RequireName(body.Name), ct);
            return Results.Created("/api/dashboards/" + id, new { dashboard_id = id });
        });
        app.MapPost("/api/dashboards/{dashboardId}/widgets", async (string dashboardId, WidgetRequest body, EdgeStore store, DashboardHub hub, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(body.DeviceUuid) || string.IsNullOrEmpty(body.Sensor))
            {
                throw new EdgeIngestException(ErrorCodes.InvalidMessage, "device_uuid and sensor are required.");
            }

            var widget = await store.CreateWidgetAsync(dashboardId, body.DeviceUuid, IngestMessage.ParseSensor(body.Sensor), ct);
            hub.Register(widget);
            return Results.Created("/api/widgets/" + widget.WidgetId, new { widget_id = widget.WidgetId, org_id = widget.OrgId });
        });
        app.MapPost("/api/projects/{projectId}/flows", async (string projectId, FlowRequest body, EdgeStore store, FlowEngine engine, CancellationToken ct) =>
        {
            if (body.Nodes is not { Count: > 0 } || body.Nodes.Count > 32)
            {
                throw new EdgeIngestException(ErrorCodes.InvalidMessage, "A flow needs 1 to 32 nodes.");
            }

            var nodes = body.Nodes.Select((n, i) => new FlowNodeDefinition("n" + (i + 1), ParseNodeType(n.Type), n.Min, n.Max, n.Scale, n.Offset)).ToList();
            var template = body.Template is "threshold_alert" or "smoothing" or "range_filter"
                ? body.Template
                : throw new EdgeIngestException(ErrorCodes.InvalidMessage, "template must be threshold_alert, smoothing or range_filter.");
            var flow = await store.CreateFlowAsync(projectId, RequireName(body.Name), template, IngestMessage.ParseSensor(body.Sensor ?? string.Empty), nodes, ct);
            engine.Register(flow);
            return Results.Created("/api/flows/" + flow.FlowId, new { flow_uuid = flow.FlowId, node_count = nodes.Count });
        });
    }

    private static string RequireName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 200
            ? throw new EdgeIngestException(ErrorCodes.InvalidMessage, "name is required (at most 200 characters).")
            : name;

    private static NodeType ParseNodeType(string? type) => type?.ToLowerInvariant() switch
    {
        "filter" => NodeType.Filter,
        "threshold" => NodeType.Threshold,
        "transform" => NodeType.Transform,
        "alert" => NodeType.Alert,
        _ => throw new EdgeIngestException(ErrorCodes.InvalidMessage, "node type must be filter, threshold, transform or alert."),
    };
}
