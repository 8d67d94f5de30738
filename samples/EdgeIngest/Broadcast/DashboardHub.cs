using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;
using Instrumentation;

namespace EdgeIngest.Broadcast;

/// <summary>
/// Fans ingested readings out to the widgets that subscribe to a device's sensor, and from there to the
/// connections of the widget's dashboard; fans alerts out to the dashboards of the alert's org. A
/// connection authenticated as one dashboard only ever receives that dashboard's widgets and its own
/// org's alerts.
/// </summary>
public sealed class DashboardHub
{
    private readonly ConcurrentDictionary<(string DeviceUuid, SensorKind Sensor), List<Widget>> _widgets = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DashboardConnection>> _byDashboard = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DashboardConnection> _all = new(StringComparer.Ordinal);

    /// <summary>Open connections of one dashboard (what a client can wait for after connecting).</summary>
    public int ConnectionsOf(string dashboardId) =>
        _byDashboard.TryGetValue(dashboardId, out var connections) ? connections.Count : 0;

    public void Register(Widget widget)
    {
        var list = _widgets.GetOrAdd((widget.DeviceUuid, widget.Sensor), _ => new List<Widget>());
        lock (list)
        {
            // Registered once: on PostgreSQL a widget arrives both from its API call and from its notification.
            if (!list.Exists(w => w.WidgetId == widget.WidgetId))
            {
                list.Add(widget);
            }
        }
    }

    public DashboardConnection Connect(DashboardIdentity dashboard, string connectionId)
    {
        var connection = new DashboardConnection(dashboard, connectionId, dropped => FrameDropped(dropped.Tenant, dropped.ConnectionId, dropped));
        _byDashboard.GetOrAdd(dashboard.DashboardId, _ => new ConcurrentDictionary<string, DashboardConnection>(StringComparer.Ordinal))[connectionId] = connection;
        _all[connectionId] = connection;
        return connection;
    }

    public void Disconnect(DashboardIdentity dashboard, string connectionId)
    {
        _all.TryRemove(connectionId, out _);
        if (_byDashboard.TryGetValue(dashboard.DashboardId, out var connections) && connections.TryRemove(connectionId, out var connection))
        {
            connection.Complete();
        }
    }

    /// <summary>Queues one message's readings for every connection of every widget bound to the device's sensor.</summary>
    public void Publish(TenantContext tenant, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, long receivedTimestamp)
    {
        if (!_widgets.TryGetValue((tenant.DeviceUuid!, sensor), out var list))
        {
            return;
        }

        Widget[] widgets;
        lock (list)
        {
            widgets = list.ToArray();
        }

        foreach (var widget in widgets)
        {
            if (!_byDashboard.TryGetValue(widget.DashboardId, out var connections) || connections.IsEmpty)
            {
                continue;
            }

            var payload = JsonSerializer.Serialize(new
            {
                type = "reading",
                widget_id = widget.WidgetId,
                message_id = messageId,
                sensor = IngestMessage.SensorName(sensor),
                values = ValuesOf(readings),
                sent_at = DateTimeOffset.UtcNow,
            });
            Broadcast(tenant, widget.WidgetId, messageId, receivedTimestamp, PendingFrames(), connections, payload);
        }
    }

    /// <summary>
    /// Queues a widget's frame for the dashboard's connections. <c>broadcast_latency_ms</c> is measured from
    /// the frame's arrival; <c>broadcast_queue_size</c> records the frames waiting on all dashboard
    /// connections together when the broadcast starts.
    /// </summary>
    [Broadcast("ws.broadcast.widget")]
    [FunnelEvent("FirstLiveWidgetData", OncePerEntity = true, EntityId = "widgetId", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId",
        Properties = new[] { "widget_id=widgetId" }, SinceProperty = "time_since_widget_created_s", SinceEvent = "WidgetCreated")]
    public int Broadcast(
        TenantContext tenant,
        [SpanAttribute("widget_id"), LogField("widget_id")] string widgetId,
        [LogField("message_id")] string messageId,
        [LatencyStart] long receivedTimestamp,
        [QueueSize] int queueSize,
        ConcurrentDictionary<string, DashboardConnection> connections,
        string payload)
    {
        var queued = 0;
        foreach (var connection in connections.Values)
        {
            if (connection.TryEnqueue(payload))
            {
                queued++;
            }
        }

        return queued;
    }

    /// <summary>Queues an alert frame for every dashboard connection of the alert's org.</summary>
    public void PublishAlert(Alert alert)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "alert",
            alert_id = alert.AlertId,
            flow_id = alert.FlowId,
            node_id = alert.NodeId,
            device_uuid = alert.DeviceUuid,
            sensor = IngestMessage.SensorName(alert.Sensor),
            severity = DomainNames.Severity(alert.Severity),
            message = alert.Message,
            value = alert.Value,
            count = alert.Count,
            created_at = alert.CreatedAt,
        });
        foreach (var connection in _all.Values)
        {
            if (connection.Dashboard.OrgId == alert.OrgId)
            {
                connection.TryEnqueue(payload);
            }
        }
    }

    /// <summary>A slow dashboard lost its oldest queued frame (<c>broadcast_dropped_total</c>); the client is told at its next send.</summary>
    [Operation("ws.broadcast.drop", DurationMetric = "", CallsMetric = "broadcast_dropped_total", FailuresMetric = "")]
    public void FrameDropped(TenantContext tenant, [LogField("connection_id")] string connectionId, DashboardConnection connection) => connection.NoteMissed();

    private int PendingFrames()
    {
        var total = 0;
        foreach (var connection in _all.Values)
        {
            total += connection.Pending;
        }

        return total;
    }

    private static double[] ValuesOf(IReadOnlyList<Reading> readings)
    {
        var values = new double[readings.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = readings[i].Value;
        }

        return values;
    }
}
