using System;

namespace EdgeIngest.Domain;

/// <summary>The kinds of sensor a device reports (a bounded set: a metric label).</summary>
public enum SensorKind
{
    Temperature,
    Humidity,
    AirQuality,
    Pressure,
}

/// <summary>The node types a flow is built from (a metric label).</summary>
public enum NodeType
{
    Filter,
    Threshold,
    Transform,
    Alert,
}

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>What kind of WebSocket a connection is (a metric label).</summary>
public enum ConnectionKind
{
    Device,
    Dashboard,
}

/// <summary>One sensor value.</summary>
public readonly record struct Reading(double Value, DateTimeOffset Timestamp);

/// <summary>An authenticated device: who it is and which tenant it writes to.</summary>
public sealed record DeviceIdentity(string DeviceUuid, string OrgId, string ProjectId, DateTimeOffset RegisteredAt);

/// <summary>A device as the store knows it, revoked or not.</summary>
public sealed record DeviceRecord(DeviceIdentity Device, bool Revoked)
{
    public Instrumentation.TenantContext Tenant => new(Device.OrgId, Device.ProjectId, Device.DeviceUuid);
}

/// <summary>A dashboard as the store knows it, with the hash of its WebSocket token.</summary>
public sealed record DashboardRecord(DashboardIdentity Dashboard, string TokenHash)
{
    public Instrumentation.TenantContext Tenant => new(Dashboard.OrgId, Dashboard.ProjectId);
}

/// <summary>An authenticated dashboard: the only org and project whose widgets and alerts it receives.</summary>
public sealed record DashboardIdentity(string DashboardId, string OrgId, string ProjectId);

/// <summary>A widget bound to one device's sensor.</summary>
public sealed record Widget(string WidgetId, string DashboardId, string OrgId, string DeviceUuid, SensorKind Sensor, DateTimeOffset CreatedAt);

/// <summary>A saved flow: a validated graph of nodes over one sensor kind of a project.</summary>
public sealed record FlowDefinition(string FlowId, string OrgId, string ProjectId, string Name, string Template, SensorKind Sensor, Flows.FlowGraph Graph);

/// <summary>A newly created org and its API key (shown once).</summary>
public sealed record CreatedOrg(string OrgId, string ApiKey);

/// <summary>A newly created dashboard and its WebSocket token (shown once).</summary>
public sealed record CreatedDashboard(DashboardIdentity Dashboard, string Token);

/// <summary>A newly registered device and its token (shown once).</summary>
public sealed record RegisteredDevice(DeviceIdentity Device, string Token);

/// <summary>What a flow execution did: readings that reached its last nodes (its duration is measured by the flow operation).</summary>
public sealed record FlowOutcome(int Remaining, int NodeCount);

/// <summary>An alert raised by a flow's alert node for one device's readings.</summary>
public sealed record Alert(
    string AlertId,
    string FlowId,
    string NodeId,
    string OrgId,
    string ProjectId,
    string DeviceUuid,
    SensorKind Sensor,
    AlertSeverity Severity,
    string Message,
    double Value,
    int Count,
    DateTimeOffset CreatedAt);

/// <summary>Parsing and naming helpers for the bounded sets above.</summary>
public static class DomainNames
{
    public static string Severity(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Critical => "critical",
        _ => "warning",
    };

    public static AlertSeverity? ParseSeverity(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "warning" => AlertSeverity.Warning,
        "info" => AlertSeverity.Info,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    public static string NodeTypeName(NodeType type) => type switch
    {
        NodeType.Filter => "filter",
        NodeType.Threshold => "threshold",
        NodeType.Transform => "transform",
        _ => "alert",
    };

    public static NodeType? ParseNodeType(string? text) => text?.ToLowerInvariant() switch
    {
        "filter" => NodeType.Filter,
        "threshold" => NodeType.Threshold,
        "transform" => NodeType.Transform,
        "alert" => NodeType.Alert,
        _ => null,
    };
}
