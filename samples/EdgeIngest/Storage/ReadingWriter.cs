using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>The two writes of an ingested batch; each is an instrumented operation (spans and metrics by attribute).</summary>
public sealed class ReadingWriter
{
    /// <summary>Inserts the readings of one message into <c>sensor_readings</c>.</summary>
    [Operation("db.sensor.insert", DurationMetric = "sensor_insert_latency_ms")]
    public async Task InsertReadingsAsync(TenantContext tenant, DbConnection connection, DbTransaction transaction, string messageId, SensorKind sensor, [Batch] IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO sensor_readings (device_uuid, message_id, org_id, project_id, sensor, value, ts) VALUES (@device, @message, @org, @project, @sensor, @value, @ts)",
            ("@device", tenant.DeviceUuid), ("@message", messageId), ("@org", tenant.OrgId), ("@project", tenant.ProjectId), ("@sensor", sensor.ToString()), ("@value", 0.0), ("@ts", string.Empty));
        foreach (var reading in readings)
        {
            command.Parameters[5].Value = reading.Value;
            command.Parameters[6].Value = Sql.Timestamp(reading.Timestamp);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Dual-writes the readings as time-series points (<c>series</c> = device/sensor).</summary>
    [Operation("ts.write", DurationMetric = "ts_write_batch_latency_ms", CallsMetric = "ts_write_batches_total", FailuresMetric = "ts_write_failures_total")]
    public async Task WriteTimeSeriesAsync(TenantContext tenant, DbConnection connection, DbTransaction transaction, SensorKind sensor, [Batch] IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
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
}
