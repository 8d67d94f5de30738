using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Ingest;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Api;

/// <summary>
/// The REST API: orgs (with their API key), projects, devices (with tokens), dashboards (with WebSocket
/// tokens), widgets, flows and alerts. Creating an org is open; everything under an org needs that org's
/// API key as a bearer token (401 without a valid key, 403 with another org's key, 404 for nothing there).
/// </summary>
public static class ApiEndpoints
{
    public const string LoggerCategory = "EdgeIngest.Api";

    public sealed record OrgRequest(string? Name, string? UserId = null, string? OwnerEmail = null);

    public sealed record NameRequest(string? Name);

    public sealed record WidgetRequest(string? DeviceUuid, string? Sensor);

    public sealed record FlowRequest(string? Name, string? Template, string? Sensor, List<FlowNodeSpec>? Nodes, List<FlowEdgeSpec>? Edges);

    public static readonly string[] Templates = { "threshold_alert", "smoothing", "range_filter", "custom" };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orgs", async (OrgRequest? body, HttpContext http, EdgeStore store, ILoggerFactory logs, CancellationToken ct) =>
        {
            body = Body(body, http);
            var email = string.IsNullOrWhiteSpace(body.OwnerEmail) ? null : WithoutNul(body.OwnerEmail.Trim(), "owner_email");
            if (email is not null && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal)))
            {
                throw new EdgeIngestException(ErrorCodes.InvalidMessage, "owner_email must be an e-mail address.");
            }

            var org = await store.CreateOrgAsync(RequireName(body.Name), string.IsNullOrWhiteSpace(body.UserId) ? "anonymous" : WithoutNul(body.UserId, "user_id")!, email, ct);
            EdgeLog.OrgCreated(logs.CreateLogger(LoggerCategory), org.OrgId, email ?? "-");
            return Results.Created("/api/orgs/" + org.OrgId, new { org_id = org.OrgId, api_key = org.ApiKey });
        });
        app.MapPost("/api/orgs/{orgId}/projects", async (string orgId, NameRequest? body, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, CancellationToken ct) =>
        {
            body = Body(body, http);
            await AuthorizeAsync(http, keys, await store.OrgExistsAsync(orgId, ct) ? orgId : null, "org", ct);
            var id = await store.CreateProjectAsync(orgId, RequireName(body.Name), ct);
            return Results.Created("/api/projects/" + id, new { project_id = id, org_id = orgId });
        });
        app.MapPost("/api/projects/{projectId}/devices", async (string projectId, NameRequest? body, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, ILoggerFactory logs, CancellationToken ct) =>
        {
            body = Body(body, http);
            await AuthorizeAsync(http, keys, await store.OrgOfProjectAsync(projectId, ct), "project", ct);
            var (device, token) = await store.RegisterDeviceAsync(projectId, RequireName(body.Name), ct);
            EdgeLog.DeviceRegistered(logs.CreateLogger(LoggerCategory), device.DeviceUuid, projectId, token);
            return Results.Created("/api/devices/" + device.DeviceUuid, new { device_uuid = device.DeviceUuid, org_id = device.OrgId, project_id = device.ProjectId, token });
        });
        app.MapDelete("/api/devices/{deviceUuid}", async (string deviceUuid, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, ILoggerFactory logs, CancellationToken ct) =>
        {
            await AuthorizeAsync(http, keys, await store.OrgOfDeviceAsync(deviceUuid, ct), "device", ct);
            await store.RevokeDeviceAsync(deviceUuid, ct);
            EdgeLog.DeviceRevoked(logs.CreateLogger(LoggerCategory), deviceUuid);
            return Results.NoContent();
        });
        app.MapPost("/api/projects/{projectId}/dashboards", async (string projectId, NameRequest? body, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, ILoggerFactory logs, CancellationToken ct) =>
        {
            body = Body(body, http);
            await AuthorizeAsync(http, keys, await store.OrgOfProjectAsync(projectId, ct), "project", ct);
            var (dashboard, token) = await store.CreateDashboardAsync(projectId, RequireName(body.Name), ct);
            EdgeLog.DashboardCreated(logs.CreateLogger(LoggerCategory), dashboard.DashboardId, projectId);
            return Results.Created("/api/dashboards/" + dashboard.DashboardId, new { dashboard_id = dashboard.DashboardId, org_id = dashboard.OrgId, token });
        });
        app.MapPost("/api/dashboards/{dashboardId}/widgets", async (string dashboardId, WidgetRequest? body, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, DashboardHub hub, CancellationToken ct) =>
        {
            body = Body(body, http);
            await AuthorizeAsync(http, keys, await store.OrgOfDashboardAsync(dashboardId, ct), "dashboard", ct);
            if (string.IsNullOrEmpty(body.DeviceUuid) || string.IsNullOrEmpty(body.Sensor))
            {
                throw new EdgeIngestException(ErrorCodes.InvalidMessage, "device_uuid and sensor are required.");
            }

            var widget = await store.CreateWidgetAsync(dashboardId, body.DeviceUuid, IngestMessage.ParseSensor(body.Sensor), ct);
            hub.Register(widget);
            return Results.Created("/api/widgets/" + widget.WidgetId, new { widget_id = widget.WidgetId, org_id = widget.OrgId });
        });
        app.MapPost("/api/projects/{projectId}/flows", async (string projectId, FlowRequest? body, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, FlowEngine engine, ILoggerFactory logs, CancellationToken ct) =>
        {
            body = Body(body, http);
            await AuthorizeAsync(http, keys, await store.OrgOfProjectAsync(projectId, ct), "project", ct);
            var template = body.Template ?? "custom";
            if (!Templates.Contains(template))
            {
                throw new EdgeIngestException(ErrorCodes.InvalidFlow, "template must be one of " + string.Join(", ", Templates) + ".");
            }

            var graph = FlowGraph.Build(body.Nodes, body.Edges);
            var flow = await store.CreateFlowAsync(projectId, RequireName(body.Name), template, IngestMessage.ParseSensor(body.Sensor ?? string.Empty), graph, ct);
            engine.Register(flow);
            EdgeLog.FlowSaved(logs.CreateLogger(LoggerCategory), flow.FlowId, graph.Nodes.Count);
            return Results.Created("/api/flows/" + flow.FlowId, new { flow_uuid = flow.FlowId, node_count = graph.Nodes.Count, order = graph.Nodes.Select(n => n.Id) });
        });
        app.MapGet("/api/projects/{projectId}/messages/count", async (string projectId, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, CancellationToken ct) =>
        {
            await AuthorizeAsync(http, keys, await store.OrgOfProjectAsync(projectId, ct), "project", ct);
            return Results.Ok(new { project_id = projectId, messages_stored = await store.CountProjectMessagesAsync(projectId, ct) });
        });
        app.MapGet("/api/projects/{projectId}/alerts", async (string projectId, string? limit, HttpContext http, EdgeStore store, ApiKeyAuthenticator keys, CancellationToken ct) =>
        {
            var count = Limit(limit, 50, 500);
            await AuthorizeAsync(http, keys, await store.OrgOfProjectAsync(projectId, ct), "project", ct);
            var alerts = await store.ListAlertsAsync(projectId, count, ct);
            return Results.Ok(alerts.Select(a => new
            {
                alert_id = a.AlertId,
                flow_id = a.FlowId,
                node_id = a.NodeId,
                device_uuid = a.DeviceUuid,
                sensor = IngestMessage.SensorName(a.Sensor),
                severity = DomainNames.Severity(a.Severity),
                message = a.Message,
                value = a.Value,
                count = a.Count,
                created_at = a.CreatedAt,
            }));
        });
    }

    private static async Task AuthorizeAsync(HttpContext http, ApiKeyAuthenticator keys, string? ownerOrgId, string resource, CancellationToken cancellationToken)
    {
        await keys.AuthorizeAsync(http.Request.Headers.Authorization.ToString(), ownerOrgId, cancellationToken);
        if (ownerOrgId is null)
        {
            throw new EdgeIngestException(ErrorCodes.NotFound, "No such " + resource + ".");
        }
    }

    /// <summary>
    /// The JSON object an endpoint takes. An empty body or the body <c>null</c> is <c>400 malformed_json</c> with a
    /// message that says so (the binder's own refusal spoke of an "implicit body" and of services). Checked first, as
    /// the binder did, so it answers before the credentials are looked at, as a body that is not JSON does.
    /// </summary>
    internal static T Body<T>(T? body, HttpContext http)
        where T : class =>
        body ?? throw new EdgeIngestException(ErrorCodes.MalformedJson, IsEmpty(http.Request)
            ? "The request body is empty: send a JSON object."
            : "The request body is JSON null: send a JSON object.");

    /// <summary>
    /// <c>?limit=</c>: absent or empty is <paramref name="fallback"/>; a whole number of any size is clamped to
    /// <c>1..max</c>; anything else (<c>abc</c>, <c>2.5</c>) is <c>400 invalid_message</c> naming the parameter.
    /// </summary>
    internal static int Limit(string? text, int fallback, int max)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        var negative = text[0] == '-';
        var digits = text.AsSpan(text[0] is '-' or '+' ? 1 : 0);
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            throw new EdgeIngestException(ErrorCodes.InvalidMessage, "'limit' must be a whole number (it is clamped to 1.." + max + ").");
        }

        if (negative)
        {
            return 1;
        }

        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? Math.Clamp(value, 1, max) : max;
    }

    private static bool IsEmpty(HttpRequest request) =>
        request.ContentLength == 0 || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;

    private static string RequireName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 200
            ? throw new EdgeIngestException(ErrorCodes.InvalidMessage, "name is required (at most 200 characters).")
            : name.Any(char.IsControl)
                // A NUL was stored on SQLite and failed the insert on PostgreSQL (a stranger's probe); a line break or an
                // escape code in a name breaks the pages and reports that show it. Names are one line of text.
                ? throw new EdgeIngestException(ErrorCodes.InvalidMessage, "name must not hold control characters (NUL, line breaks, tabs, escape codes).")
                : name;

    /// <summary>Free text the store keeps (a user id, an e-mail address): anything but NUL, which PostgreSQL cannot store.</summary>
    private static string? WithoutNul(string? text, string field) =>
        text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new EdgeIngestException(ErrorCodes.InvalidMessage, field + " must not hold a NUL character.")
            : text;
}
