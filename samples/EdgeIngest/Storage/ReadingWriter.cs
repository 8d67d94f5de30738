using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>
/// The two writes of an ingested batch, in one <see cref="WriteUnit"/>; each is an instrumented operation
/// (spans and metrics by attribute). The time-series write goes first and opens the transaction, so a
/// store outage shows up in <c>ts_write_failures_total</c> (the critical alert of SPEC §3.5); the readings
/// insert checks the replay guard, stores the readings and commits.
/// </summary>
public sealed class ReadingWriter
{
    /// <summary>Dual-writes the readings as time-series points (<c>series</c> = device/sensor).</summary>
    [Operation("ts.write", DurationMetric = "ts_write_batch_latency_ms", CallsMetric = "ts_write_batches_total", FailuresMetric = "ts_write_failures_total",
        MessagesMetric = "ts_write_points_total", BatchSizeMetric = "")]
    public async Task WriteTimeSeriesAsync(TenantContext tenant, WriteUnit unit, SensorKind sensor, [Batch] IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await unit.BeginAsync(cancellationToken);
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO ts_points (series, ts, value) VALUES (@series, @ts, @value)",
            ("@series", tenant.DeviceUuid + "/" + sensor), ("@ts", string.Empty), ("@value", 0.0));
        foreach (var reading in readings)
        {
            command.Parameters[1].Value = Sql.Timestamp(reading.Timestamp);
            command.Parameters[2].Value = reading.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records the message id (a replayed id stores nothing), inserts the readings into
    /// <c>sensor_readings</c> and commits the batch. Its readings are what <c>ingest_messages_total</c>
    /// counts: sensor readings stored, by org, project and sensor.
    /// </summary>
    [FunnelEvent("FirstDeviceData", OncePerEntity = true, EntityId = "tenant.DeviceUuid", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId",
        Properties = new[] { "device_uuid=tenant.DeviceUuid", "org_id=tenant.OrgId" }, SinceProperty = "time_since_registration_s", SinceEvent = "DeviceRegistered")]
    [Ingest("db.sensor.insert", DurationMetric = "sensor_insert_latency_ms", CallsMetric = "sensor_insert_calls_total", FailuresMetric = "sensor_insert_failures_total",
        FailureReasonLabel = "reason", OrgLabel = MetricTargets.Messages, ProjectLabel = MetricTargets.Messages)]
    public async Task InsertReadingsAsync(
        TenantContext tenant,
        WriteUnit unit,
        [SpanAttribute("message_id"), LogField("message_id")] string messageId,
        [MetricLabel("sensor", AppliesTo = MetricTargets.Messages)] SensorKind sensor,
        [Batch] IReadOnlyList<Reading> readings,
        CancellationToken cancellationToken)
    {
        try
        {
            await InsertAsync(tenant, unit, messageId, sensor, readings, cancellationToken);
        }
        catch (System.Data.Common.DbException error)
        {
            // The failure reason label is an error code, never a provider's exception type.
            throw StoreErrors.IsBadValue(error)
                ? new EdgeIngestException(ErrorCodes.InvalidMessage, "The frame holds a value the store cannot keep (for example a NUL character).", error) { MessageId = messageId }
                : new EdgeIngestException(ErrorCodes.StoreUnavailable, "The store could not take the batch; nothing was stored, retry later.", error) { MessageId = messageId };
        }
    }

    private static async Task InsertAsync(TenantContext tenant, WriteUnit unit, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await unit.BeginAsync(cancellationToken);
        var fresh = await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO ingested_messages (device_uuid, message_id, received_at) VALUES (@device, @message, @at) ON CONFLICT DO NOTHING",
            cancellationToken, ("@device", tenant.DeviceUuid), ("@message", messageId), ("@at", Sql.Timestamp(System.DateTimeOffset.UtcNow)));
        if (fresh == 0)
        {
            // Not an error for the device: EdgeStore.StoreBatchAsync acknowledges it as a replay (nothing stored twice).
            throw new EdgeIngestException(ErrorCodes.ReplayedMessage, "Message " + messageId + " was already ingested.") { MessageId = messageId };
        }

        await using (var command = Sql.Command(connection, transaction,
            "INSERT INTO sensor_readings (device_uuid, message_id, org_id, project_id, sensor, value, ts) VALUES (@device, @message, @org, @project, @sensor, @value, @ts)",
            ("@device", tenant.DeviceUuid), ("@message", messageId), ("@org", tenant.OrgId), ("@project", tenant.ProjectId), ("@sensor", sensor.ToString()), ("@value", 0.0), ("@ts", string.Empty)))
        {
            foreach (var reading in readings)
            {
                command.Parameters[5].Value = reading.Value;
                command.Parameters[6].Value = Sql.Timestamp(reading.Timestamp);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await unit.CommitAsync(cancellationToken);
    }
}
