using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Funnel.Stores;

/// <summary>
/// The SQLite store's write connection and its prepared INSERT, kept for the store's lifetime (see
/// <see cref="SqlFunnelStore"/>'s SQLite half). Not thread-safe: the store lets one write in at a time.
/// </summary>
internal sealed class SqliteBatchWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _id;
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _user;
    private readonly SqliteParameter _org;
    private readonly SqliteParameter _project;
    private readonly SqliteParameter _entity;
    private readonly SqliteParameter _once;
    private readonly SqliteParameter _properties;
    private readonly SqliteParameter _created;

    private SqliteBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO product_events (event_id, event_type, user_id, org_id, project_id, entity_id, once_per_entity, properties, created_at) "
            + "VALUES (@id, @type, @user, @org, @project, @entity, @once, @properties, @created) ON CONFLICT DO NOTHING";
        _id = _insert.Parameters.Add("@id", SqliteType.Text);
        _type = _insert.Parameters.Add("@type", SqliteType.Text);
        _user = _insert.Parameters.Add("@user", SqliteType.Text);
        _org = _insert.Parameters.Add("@org", SqliteType.Text);
        _project = _insert.Parameters.Add("@project", SqliteType.Text);
        _entity = _insert.Parameters.Add("@entity", SqliteType.Text);
        _once = _insert.Parameters.Add("@once", SqliteType.Integer);
        _properties = _insert.Parameters.Add("@properties", SqliteType.Text);
        _created = _insert.Parameters.Add("@created", SqliteType.Text);
    }

    public static async Task<SqliteBatchWriter> OpenAsync(SqlFunnelStore store, CancellationToken cancellationToken)
    {
        var connection = await store.OpenSqliteAsync(cancellationToken);
        try
        {
            var writer = new SqliteBatchWriter(connection);
            writer._insert.Prepare();
            return writer;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Inserts the batch in one transaction; for each row, whether it was inserted (false: already stored).</summary>
    public async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        _insert.Transaction = transaction;
        var inserted = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            _id.Value = item.EventId is { } eventId ? eventId.ToString("D") : DBNull.Value;
            _type.Value = (object?)item.EventType ?? DBNull.Value;
            _user.Value = (object?)item.UserId ?? DBNull.Value;
            _org.Value = (object?)item.OrgId ?? DBNull.Value;
            _project.Value = (object?)item.ProjectId ?? DBNull.Value;
            _entity.Value = (object?)item.EntityId ?? DBNull.Value;
            _once.Value = item.OncePerEntity && item.EntityId is not null ? 1 : 0;
            _properties.Value = (object?)item.PropertiesJson ?? DBNull.Value;
            _created.Value = SqlFunnelStore.SqliteTimestamp(item.CreatedAt);
            inserted[i] = await _insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        await transaction.CommitAsync(cancellationToken);
        _insert.Transaction = null;
        return inserted;
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
