using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Storage;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// The ingest path of one device message: store (with the time-series dual write), run the project's
/// flows, broadcast to subscribed widgets. No hand-written telemetry: the attributes do it.
/// </summary>
public sealed class IngestPipeline
{
    private readonly EdgeStore _store;
    private readonly ReadingWriter _writer;
    private readonly FlowEngine _flows;
    private readonly DashboardHub _hub;

    public IngestPipeline(EdgeStore store, ReadingWriter writer, FlowEngine flows, DashboardHub hub)
    {
        _store = store;
        _writer = writer;
        _flows = flows;
        _hub = hub;
    }

    [FunnelEvent("FirstDeviceData", OncePerEntity = true, EntityId = "tenant.DeviceUuid", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId",
        Properties = new[] { "device_uuid=tenant.DeviceUuid", "org_id=tenant.OrgId" }, SinceProperty = "time_since_registration_s", SinceEvent = "DeviceRegistered")]
    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration | MetricTargets.Messages, ProjectLabel = MetricTargets.Messages)]
    public async Task<int> ReceiveAsync(
        TenantContext tenant,
        [SpanAttribute("message_id"), LogField("message_id")] string messageId,
        [LogField("connection_id")] string connectionId,
        [MetricLabel("sensor", AppliesTo = MetricTargets.Messages)] SensorKind sensor,
        [Batch] IReadOnlyList<Reading> readings,
        long receivedTimestamp,
        CancellationToken cancellationToken)
    {
        await _store.StoreBatchAsync(tenant, tenant.DeviceUuid!, messageId, sensor, readings, _writer, cancellationToken);
        await _flows.RunAsync(tenant, sensor, readings, cancellationToken);
        await _hub.PublishAsync(tenant, messageId, sensor, readings, receivedTimestamp);
        return readings.Count;
    }
}
