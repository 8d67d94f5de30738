using System;
using System.Collections.Generic;

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

/// <summary>A widget bound to one device's sensor.</summary>
public sealed record Widget(string WidgetId, string DashboardId, string OrgId, string DeviceUuid, SensorKind Sensor, DateTimeOffset CreatedAt);

/// <summary>One node of a flow graph, executed in order.</summary>
public sealed record FlowNodeDefinition(string NodeId, NodeType Type, double? Min, double? Max, double? Scale, double? Offset);

/// <summary>A saved flow: a small graph of nodes over one sensor kind of a project.</summary>
public sealed record FlowDefinition(string FlowId, string OrgId, string ProjectId, string Name, string Template, SensorKind Sensor, IReadOnlyList<FlowNodeDefinition> Nodes);

/// <summary>A newly registered device and its token (shown once).</summary>
public sealed record RegisteredDevice(DeviceIdentity Device, string Token);

/// <summary>What a flow execution did: readings left after its nodes (its duration is measured by the flow operation).</summary>
public sealed record FlowOutcome(int Remaining, int NodeCount);
