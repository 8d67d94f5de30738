using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;
using Instrumentation;

namespace EdgeIngest.Broadcast;

/// <summary>
/// Fans ingested readings out to the widgets that subscribe to a device's sensor, and from there to the
/// dashboard connections of the widget's dashboard (a connection only ever sees its own dashboard, so
/// only its own org's data).
/// </summary>
public sealed class DashboardHub
{
    private readonly ConcurrentDictionary<(string DeviceUuid, SensorKind Sensor), List<Widget>> _widgets = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DashboardConnection>> _connections = new(StringComparer.Ordinal);
    private long _broadcasts;

    public long Broadcasts => Interlocked.Read(ref _broadcasts);

    public void Register(Widget widget)
    {
        var list = _widgets.GetOrAdd((widget.DeviceUuid, widget.Sensor), _ => new List<Widget>());
        lock (list)
        {
            list.Add(widget);
        }
    }

    public DashboardConnection Connect(string dashboardId, string connectionId)
    {
        var connection = new DashboardConnection(connectionId);
        _connections.GetOrAdd(dashboardId, _ => new ConcurrentDictionary<string, DashboardConnection>(StringComparer.Ordinal))[connectionId] = connection;
        return connection;
    }

    public void Disconnect(string dashboardId, string connectionId)
    {
        if (_connections.TryGetValue(dashboardId, out var connections) && connections.TryRemove(connectionId, out var connection))
        {
            connection.Complete();
        }
    }

    public async Task PublishAsync(TenantContext tenant, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, long receivedTimestamp)
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
            if (!_connections.TryGetValue(widget.DashboardId, out var connections) || connections.IsEmpty)
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
            await BroadcastAsync(tenant, widget.WidgetId, messageId, receivedTimestamp, QueueLength(connections), connections, payload);
        }
    }

    [Broadcast("ws.broadcast.widget")]
    [FunnelEvent("FirstLiveWidgetData", OncePerEntity = true, EntityId = "widgetId", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId",
        Properties = new[] { "widget_id=widgetId" }, SinceProperty = "time_since_widget_created_s", SinceEvent = "WidgetCreated")]
    public ValueTask<int> BroadcastAsync(
        TenantContext tenant,
        [SpanAttribute("widget_id"), LogField("widget_id")] string widgetId,
        [LogField("message_id")] string messageId,
        [LatencyStart] long receivedTimestamp,
        [QueueSize] int queueSize,
        ConcurrentDictionary<string, DashboardConnection> connections,
        string payload)
    {
        var delivered = 0;
        foreach (var connection in connections.Values)
        {
            if (connection.TryEnqueue(payload))
            {
                delivered++;
            }
        }

        Interlocked.Add(ref _broadcasts, delivered);
        return new ValueTask<int>(delivered);
    }

    private static int QueueLength(ConcurrentDictionary<string, DashboardConnection> connections)
    {
        var total = 0;
        foreach (var connection in connections.Values)
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

/// <summary>One dashboard WebSocket: a bounded send queue (oldest frames dropped when a client is too slow).</summary>
public sealed class DashboardConnection
{
    public const int Capacity = 1_000;
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public DashboardConnection(string connectionId) => ConnectionId = connectionId;

    public string ConnectionId { get; }

    public int Pending => _queue.Reader.Count;

    public ChannelReader<string> Reader => _queue.Reader;

    public bool TryEnqueue(string payload) => _queue.Writer.TryWrite(payload);

    public void Complete() => _queue.Writer.TryComplete();
}
