using System;
using System.Threading.Tasks;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Testing.Tests;

public enum Sensor
{
    Temperature,
    Humidity,
    WindSpeed,
}

/// <summary>Annotated code as a user writes it: the kit's tests assert what it produced.</summary>
public sealed partial class Gateway
{
    private readonly ILogger _logger;

    public Gateway(ILogger logger) => _logger = logger;

    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Messages | MetricTargets.Duration, MessagesMetric = "gateway_messages_total", DurationMetric = "gateway_latency_ms")]
    public async Task<int> ReceiveAsync(TenantContext tenant, [Batch] double[] readings, [MetricLabel("sensor", AppliesTo = MetricTargets.Messages)] Sensor sensor, bool yieldFirst = false)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        if (readings.Length == 0)
        {
            throw new InvalidOperationException("empty batch");
        }

        Stored(readings.Length);
        Insert(tenant.OrgId!, tenant.ProjectId!, tenant.DeviceUuid!);
        return readings.Length;
    }

    [Operation("db.sensor.insert", DurationMetric = "sensor_insert_latency_ms")]
    public static void Insert([OrgId] string orgId, [ProjectId] string projectId, [DeviceUuid] string deviceUuid)
    {
    }

    [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "deviceUuid", OrgId = "orgId", Properties = new[] { "device_uuid=deviceUuid", "org_id=orgId" })]
    public string Register(string orgId, string deviceUuid) => deviceUuid;

    [FunnelEvent("Invited", OrgId = "orgId", Properties = new[] { "note=note", "invite_token=code" })]
    public void Invite(string orgId, string note, string code)
    {
    }

    [LogMethod(LogLevel.Information, "Stored {count} readings")]
    private partial void Stored(int count);
}
