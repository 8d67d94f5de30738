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
/// The <c>product_events</c> store on SQLite (embedded default, WAL mode) or PostgreSQL. Besides the
/// columns of the SPEC (id, event_type, user_id, org_id, project_id, entity_id, properties, created_at)
/// the table has <c>once_per_entity</c> and <c>event_id</c>: a partial unique index on
/// <c>(event_type, entity_id) WHERE once_per_entity</c> makes "first" events unique across restarts and
/// instances, and a unique <c>event_id</c> makes a retried batch idempotent. Inserts use
/// <c>ON CONFLICT DO NOTHING</c> and report which rows were inserted. On PostgreSQL a batch is one
/// <c>INSERT … SELECT FROM unnest(…)</c> statement, <c>properties</c> is <c>jsonb</c> and
/// <c>created_at</c> <c>timestamptz</c>; on SQLite both are TEXT.
/// </summary>
public sealed partial class SqlFunnelStore : IFunnelStore
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteBatchWriter? _writer;

    private readonly TimeSpan _busyTimeout;
    private readonly bool _readOnly;

    private SqlFunnelStore(NpgsqlDataSource? postgres, string? sqlite, string description, TimeSpan busyTimeout, bool readOnly = false)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        Description = description;
        _busyTimeout = busyTimeout;
        _readOnly = readOnly;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>True on PostgreSQL, false on SQLite.</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary>
    /// A SQLite file path, or a PostgreSQL connection string: key/value (<c>Host=...</c>) or a <c>postgres://</c> URL
    /// (<see cref="PostgresUrl"/>). No error of this method repeats the connection string, whose password the driver would
    /// echo.
    /// </summary>
    public static SqlFunnelStore Open(string db) => Open(db, SqliteBusyTimeout);

    /// <summary>
    /// <see cref="Open(string)"/>, with how long a SQLite statement waits for another connection's write lock before it
    /// fails and the writer retries (default 5 s): an app that shares its SQLite file with the funnel gives its own store
    /// timeout, so a locked file at start fails as fast as the app's own store does (an operator's trial: EdgeIngest's
    /// <c>--store-timeout 2</c> still waited the funnel's 5 s). PostgreSQL ignores it (its connection string has its own).
    /// </summary>
    /// <param name="db">A SQLite file path, or a PostgreSQL connection string.</param>
    /// <param name="busyTimeout">Between 1 second and 1 hour (SQLite's driver counts whole seconds).</param>
    public static SqlFunnelStore Open(string db, TimeSpan busyTimeout)
    {
        if (busyTimeout < TimeSpan.FromSeconds(1) || busyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(busyTimeout), busyTimeout, "The SQLite busy timeout must be between 1 second and 1 hour.");
        }

        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("The funnel store needs a SQLite file path or a PostgreSQL connection string.", nameof(db));
        }

        if (IsPostgresConnection(db))
        {
            var builder = PostgresBuilder(db);
            return new SqlFunnelStore(NpgsqlDataSource.Create(builder.ConnectionString), null, "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database, busyTimeout);
        }

        var sqlite = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true, DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds) }.ToString();
        return new SqlFunnelStore(null, sqlite, "SQLite " + System.IO.Path.GetFullPath(db), busyTimeout);
    }

    /// <summary>
    /// The store for reading only (reports): nothing it does changes the database. A SQLite file is opened with
    /// <c>Mode=ReadOnly</c> — never created, never switched to WAL — and PostgreSQL sessions run with
    /// <c>default_transaction_read_only</c>. <see cref="EnsureSchemaAsync"/> and <see cref="WriteBatchAsync"/> throw
    /// <see cref="InvalidOperationException"/>; <see cref="TableExistsAsync"/> tells whether the database is a funnel store.
    /// A report used to create the funnel schema in whatever database it was pointed at (an empty file, another app's).
    /// </summary>
    /// <param name="db">A SQLite file path, or a PostgreSQL connection string (<c>Host=...</c> or a <c>postgres://</c> URL).</param>
    public static SqlFunnelStore OpenReadOnly(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("The funnel store needs a SQLite file path or a PostgreSQL connection string.", nameof(db));
        }

        if (IsPostgresConnection(db))
        {
            var builder = PostgresBuilder(db);
            builder.Options = ((builder.Options ?? string.Empty) + " -c default_transaction_read_only=on").Trim();
            return new SqlFunnelStore(NpgsqlDataSource.Create(builder.ConnectionString), null, "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database, SqliteBusyTimeout, readOnly: true);
        }

        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = db,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(SqliteBusyTimeout.TotalSeconds),
        }.ToString();
        return new SqlFunnelStore(null, sqlite, "SQLite " + System.IO.Path.GetFullPath(db), SqliteBusyTimeout, readOnly: true);
    }

    /// <summary>
    /// Reads a PostgreSQL connection string, a URL through <see cref="PostgresUrl"/>. Npgsql's own errors repeat the value
    /// they could not read — a <c>postgres://user:password@…</c> URL, lower-cased, password included (found by a probe of
    /// EdgeIngest's funnel report) — so they are replaced by one that names neither the value nor the password.
    /// </summary>
    private static NpgsqlConnectionStringBuilder PostgresBuilder(string db)
    {
        if (PostgresUrl.IsUrl(db))
        {
            try
            {
                db = PostgresUrl.ToConnectionString(db);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException("The funnel store could not read the PostgreSQL URL: " + error.Message, nameof(db));
            }
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(db);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            throw new ArgumentException(
                "The funnel store could not read the PostgreSQL connection string (a setting Npgsql does not know, or a value it does not accept; the driver's message is left out, as it can repeat the password).",
                nameof(db));
        }
    }

    /// <summary>Whether the database has the <c>product_events</c> table (on PostgreSQL: in the session's search path).</summary>
    public async Task<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _postgres is null
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'product_events'"
            : "SELECT COUNT(*) FROM (SELECT to_regclass('product_events') AS t) AS r WHERE t IS NOT NULL";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>A key/value PostgreSQL connection string or a <c>postgres://</c> URL; anything else is a SQLite path (also <c>postgres.db</c>).</summary>
    private static bool IsPostgresConnection(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private void ThrowIfReadOnly()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("This funnel store was opened read-only (SqlFunnelStore.OpenReadOnly): it neither creates its schema nor writes.");
        }
    }

    /// <inheritdoc />
    public Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        ThrowIfReadOnly();
        return _postgres is not null ? EnsurePostgresSchemaAsync(_postgres, cancellationToken) : EnsureSqliteSchemaAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfReadOnly();
        if (batch.Count == 0)
        {
            return Array.Empty<bool>();
        }

        if (_postgres is null)
        {
            return await WriteSqliteAsync(batch, cancellationToken);
        }

        try
        {
            return await WritePostgresAsync(_postgres, batch, cancellationToken);
        }
        catch (Exception error) when (Classify(error) == FunnelStoreFailure.Transient)
        {
            // Idle pooled connections may have died with the server: the next attempt opens fresh ones
            // (instead of pinging every connection on every open).
            _postgres.Clear();
            throw;
        }
    }

    /// <inheritdoc />
    public FunnelStoreFailure Classify(Exception error) => error switch
    {
        PostgresException postgres => postgres.SqlState.Length >= 2 && postgres.SqlState.Substring(0, 2) is "22" or "23" or "54"
            ? FunnelStoreFailure.InvalidData
            : FunnelStoreFailure.Transient,
        SqliteException sqlite => sqlite.SqliteErrorCode is 18 or 19 or 20 or 25 // TOOBIG, CONSTRAINT, MISMATCH, RANGE
            ? FunnelStoreFailure.InvalidData
            : FunnelStoreFailure.Transient,
        // Values the client library cannot encode (a lone surrogate in text, for example).
        System.Text.EncoderFallbackException or ArgumentException or InvalidCastException or FormatException or OverflowException => FunnelStoreFailure.InvalidData,
        NpgsqlException { InnerException: { } inner } when inner is not (System.IO.IOException or System.Net.Sockets.SocketException or TimeoutException) => Classify(inner),
        _ => FunnelStoreFailure.Transient,
    };

    /// <inheritdoc />
    public async Task<DateTimeOffset?> FindCreatedAtAsync(string eventType, string entityId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(created_at) FROM product_events WHERE event_type = @type AND entity_id = @entity";
        Add(command, "@type", eventType);
        Add(command, "@entity", entityId);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            string text => ParseTimestamp(text),
            DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            DateTimeOffset instant => instant,
            _ => null,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredFunnelEvent>> ReadAsync(IReadOnlyCollection<string> eventTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = eventTypes.Select((_, i) => "@t" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var properties = _postgres is null ? "properties" : "properties::text";
        var eventId = _postgres is null ? "event_id" : "event_id::text";
        command.CommandText = "SELECT event_type, user_id, org_id, project_id, entity_id, " + properties + ", created_at, once_per_entity, " + eventId
            + " FROM product_events WHERE event_type IN (" + string.Join(", ", names) + ") ORDER BY created_at, id";
        var index = 0;
        foreach (var type in eventTypes)
        {
            Add(command, names[index++], type);
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
                _postgres is null ? ParseTimestamp(reader.GetString(6)) : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetBoolean(7),
                reader.IsDBNull(8) ? null : Guid.Parse(reader.GetString(8))));
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
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            return;
        }

        await CloseSqliteWriterAsync();
        SqliteConnection.ClearAllPools();
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        return await OpenSqliteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DateTimeOffset ParseTimestamp(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
