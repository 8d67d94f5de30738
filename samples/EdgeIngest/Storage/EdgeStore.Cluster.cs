using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Cluster;
using EdgeIngest.Domain;

namespace EdgeIngest.Storage;

/// <summary>
/// The part of the store that makes several instances on one PostgreSQL one service: what an instance writes
/// that the others must act on is announced with <c>pg_notify</c> in the writing transaction (see
/// <see cref="ClusterNotifier"/>), and what they announce is applied here (<see cref="ClusterListener"/>).
/// </summary>
public sealed partial class EdgeStore
{
    /// <summary>True on PostgreSQL: instances share the store and hear each other through <c>LISTEN/NOTIFY</c>.</summary>
    public bool IsPostgres => _connection.IsPostgres;

    /// <summary>A connection of the store (the cluster listener keeps one open).</summary>
    internal ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _connection.OpenAsync(cancellationToken);

    /// <summary>
    /// Forgets a revoked device: its cached token is dropped and every open connection re-checks its device at
    /// its next frame (the generation moves). Counted before the cache is cleared, so a lookup that read the row
    /// before the revocation and caches it after this loop sees the new count and takes its entry back.
    /// </summary>
    public void ForgetDevice(string deviceUuid)
    {
        Interlocked.Increment(ref _revocations);
        foreach (var pair in _devicesByTokenHash)
        {
            if (pair.Value.DeviceUuid == deviceUuid)
            {
                _devicesByTokenHash.TryRemove(pair.Key, out _);
            }
        }
    }

    /// <summary>Forgets every cached device (after a gap on the cluster channel, when revocations may have been missed).</summary>
    public void ForgetAllDevices()
    {
        Interlocked.Increment(ref _revocations);
        _devicesByTokenHash.Clear();
    }

    /// <summary>One widget by id, or null.</summary>
    public async Task<Widget?> LoadWidgetAsync(string widgetId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT widget_id, dashboard_id, org_id, device_uuid, sensor, created_at FROM widgets WHERE widget_id = @widget", ("@widget", widgetId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !Enum.TryParse<SensorKind>(reader.GetString(4), out var sensor))
        {
            return null;
        }

        return new Widget(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), sensor, Sql.ParseTimestamp(reader.GetString(5)));
    }

    /// <summary>The body of a cluster message too large for <c>NOTIFY</c>, or null once it was cleaned up.</summary>
    internal async Task<string?> ReadClusterPayloadAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT body FROM cluster_payloads WHERE id = @id", ("@id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Deletes large cluster payloads every instance has long applied (older than 10 minutes).</summary>
    internal async Task DeleteOldClusterPayloadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null, "DELETE FROM cluster_payloads WHERE created_at < now() - interval '10 minutes'", cancellationToken);
    }

    private Task InitializeClusterAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        IsPostgres ? Sql.ExecuteAsync(connection, transaction, ClusterNotifier.PayloadTable, cancellationToken) : Task.CompletedTask;

    /// <summary>Announces a write to the other instances (PostgreSQL only), in its transaction when it has one.</summary>
    private Task AnnounceAsync(DbConnection connection, DbTransaction? transaction, ClusterMessage message, CancellationToken cancellationToken) =>
        IsPostgres ? ClusterNotifier.NotifyAsync(connection, transaction, message, cancellationToken) : Task.CompletedTask;

    private async Task AnnounceAsync(ClusterMessage message, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await using var connection = await _connection.OpenAsync(cancellationToken);
            await ClusterNotifier.NotifyAsync(connection, null, message, cancellationToken);
        }
    }
}
