using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Instrumentation.Funnel.Stores;

/// <summary>
/// The <c>product_events</c> store on SQLite (embedded default, WAL mode) or PostgreSQL. A partial
/// unique index on <c>(event_type, entity_id)</c> makes once-per-entity events unique across restarts
/// and instances; inserts use <c>ON CONFLICT DO NOTHING</c>, so retries and races are idempotent.
/// </summary>
public sealed class SqlFunnelStore : IFunnelStore
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private SqlFunnelStore(NpgsqlDataSource? postgres, string? sqlite, string description)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>A SQLite file path, or a PostgreSQL connection string (<c>Host=...</c> or <c>postgres://</c>).</summary>
    public static SqlFunnelStore Open(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("The funnel store needs a SQLite file path or a PostgreSQL connection string.", nameof(db));
        }

        if (db.Contains("Host=", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            return new SqlFunnelStore(NpgsqlDataSource.Create(db), null, "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database);
        }

        var sqlite = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new SqlFunnelStore(null, sqlite, "SQLite " + System.IO.Path.GetFullPath(db));
    }

    /// <inheritdoc />
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var id = _postgres is null ? "id INTEGER PRIMARY KEY AUTOINCREMENT" : "id BIGSERIAL PRIMARY KEY";
        foreach (var statement in new[]
                 {
                     "CREATE TABLE IF NOT EXISTS product_events (" + id + ", event_type TEXT NOT NULL, user_id TEXT NULL, org_id TEXT NULL, project_id TEXT NULL, entity_id TEXT NULL, properties TEXT NOT NULL, created_at TEXT NOT NULL)",
                     "CREATE UNIQUE INDEX IF NOT EXISTS ux_product_events_once ON product_events (event_type, entity_id) WHERE entity_id IS NOT NULL",
                     "CREATE INDEX IF NOT EXISTS ix_product_events_type ON product_events (event_type, created_at)",
                 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException error) when (error.SqlState is "42P07" or "23505")
            {
                // Another instance created it at the same moment.
            }
        }
    }

    /// <inheritdoc />
    public async Task WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO product_events (event_type, user_id, org_id, project_id, entity_id, properties, created_at) VALUES (@type, @user, @org, @project, @entity, @properties, @created) ON CONFLICT DO NOTHING";
        var parameters = new[] { "@type", "@user", "@org", "@project", "@entity", "@properties", "@created" }.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = System.Data.DbType.String;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        foreach (var item in batch)
        {
            parameters[0].Value = item.EventType;
            parameters[1].Value = (object?)item.UserId ?? DBNull.Value;
            parameters[2].Value = (object?)item.OrgId ?? DBNull.Value;
            parameters[3].Value = (object?)item.ProjectId ?? DBNull.Value;
            parameters[4].Value = (object?)item.EntityId ?? DBNull.Value;
            parameters[5].Value = item.PropertiesJson;
            parameters[6].Value = Timestamp(item.CreatedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> FindCreatedAtAsync(string eventType, string entityId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_at FROM product_events WHERE event_type = @type AND entity_id = @entity";
        Add(command, "@type", eventType);
        Add(command, "@entity", entityId);
        return await command.ExecuteScalarAsync(cancellationToken) is string text ? Parse(text) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredFunnelEvent>> ReadAsync(IReadOnlyCollection<string> eventTypes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = eventTypes.Select((_, i) => "@t" + i).ToList();
        command.CommandText = "SELECT event_type, user_id, org_id, project_id, entity_id, properties, created_at FROM product_events WHERE event_type IN (" + string.Join(", ", names) + ") ORDER BY created_at, id";
        var index = 0;
        foreach (var type in eventTypes)
        {
            Add(command, "@t" + index++, type);
        }

        var result = new List<StoredFunnelEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredFunnelEvent(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                Parse(reader.GetString(6))));
        }

        return result;
    }

    /// <summary>How many rows the table holds (tests and summaries).</summary>
    public async Task<long> CountAsync(string? eventType, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = eventType is null ? "SELECT COUNT(*) FROM product_events" : "SELECT COUNT(*) FROM product_events WHERE event_type = @type";
        if (eventType is not null)
        {
            Add(command, "@type", eventType);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            return _postgres.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            var pooled = await _postgres.OpenConnectionAsync(cancellationToken);
            try
            {
                // A pooled connection may have died with a server restart: check it before use.
                await using var ping = pooled.CreateCommand();
                ping.CommandText = "SELECT 1";
                await ping.ExecuteScalarAsync(cancellationToken);
                return pooled;
            }
            catch (NpgsqlException)
            {
                await pooled.DisposeAsync();
                _postgres.Clear();
                return await _postgres.OpenConnectionAsync(cancellationToken);
            }
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
