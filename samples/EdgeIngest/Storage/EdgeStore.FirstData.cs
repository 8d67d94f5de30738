using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Cluster;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>
/// The journal that makes the <c>FirstDeviceData</c> funnel event survive a crash: the first acknowledged batch of a
/// device writes a <c>device_first_data</c> row in the batch's own transaction (so the row exists exactly when
/// the ack was sent), and at start every row without its funnel event is emitted with the stored time
/// (<see cref="Hosting.FirstDeviceDataRecovery"/>).
/// </summary>
public sealed partial class EdgeStore
{
    /// <summary>Devices this process knows to have their first-data row: later batches skip the insert.</summary>
    private readonly ConcurrentDictionary<string, byte> _firstDataRecorded = new(StringComparer.Ordinal);

    /// <summary>A first acknowledged batch whose <c>FirstDeviceData</c> funnel event is not stored.</summary>
    public sealed record MissingFirstData(string DeviceUuid, string OrgId, string ProjectId, DateTimeOffset FirstAt, DateTimeOffset RegisteredAt);

    /// <summary>
    /// Journal rows without their <c>FirstDeviceData</c> event in <c>product_events</c> (the funnel table): what a crash
    /// lost between the ack and the funnel writer's store. The table is in the same database, or, with
    /// <paramref name="funnelFile"/>, in that SQLite file (<see cref="FunnelLocation"/>), attached to the connection for
    /// this one query, so the journal and the funnel are still compared in one statement.
    /// </summary>
    public async Task<IReadOnlyList<MissingFirstData>> FindMissingFirstDataAsync(string? funnelFile, CancellationToken cancellationToken)
    {
        var missing = new List<MissingFirstData>();
        await using var connection = await _connection.OpenAsync(cancellationToken);
        var attached = funnelFile is not null && !_connection.IsPostgres;
        if (attached)
        {
            await Sql.ExecuteAsync(connection, null, "ATTACH DATABASE @file AS funnel", cancellationToken, ("@file", funnelFile!));
        }

        try
        {
            await using var command = Sql.Command(connection, null,
                "SELECT f.device_uuid, f.org_id, f.project_id, f.first_at, d.created_at FROM device_first_data f JOIN devices d ON d.device_uuid = f.device_uuid "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + (attached ? "funnel." : string.Empty) + "product_events p WHERE p.event_type = 'FirstDeviceData' AND p.entity_id = f.device_uuid) ORDER BY f.first_at");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(new MissingFirstData(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.ParseTimestamp(reader.GetString(3)), Sql.ParseTimestamp(reader.GetString(4))));
            }
        }
        finally
        {
            if (attached)
            {
                // The connection goes back to the pool: without the funnel file.
                await Sql.ExecuteAsync(connection, null, "DETACH DATABASE funnel", CancellationToken.None);
            }
        }

        return missing;
    }

    /// <summary>In the batch's transaction, right before it commits: the first-data row and the cluster announcement.</summary>
    private async Task OnBatchCommittingAsync(DbConnection connection, DbTransaction transaction, TenantContext tenant, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        if (tenant.DeviceUuid is { } device && !_firstDataRecorded.ContainsKey(device))
        {
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO device_first_data (device_uuid, org_id, project_id, message_id, first_at) VALUES (@device, @org, @project, @message, @at) ON CONFLICT DO NOTHING",
                cancellationToken, ("@device", device), ("@org", tenant.OrgId), ("@project", tenant.ProjectId), ("@message", messageId), ("@at", Sql.Timestamp(DateTimeOffset.UtcNow)));
        }

        await AnnounceAsync(connection, transaction, ClusterMessage.Reading(tenant, messageId, sensor, readings), cancellationToken);
    }

    /// <summary>After the batch committed: its device's first-data row is known to exist.</summary>
    private void OnBatchCommitted(TenantContext tenant)
    {
        if (tenant.DeviceUuid is { } device)
        {
            _firstDataRecorded.TryAdd(device, 0);
        }
    }
}
