using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Funnel.Stores;

/// <summary>The SQLite half of <see cref="SqlFunnelStore"/>: schema (with upgrade) and batched inserts.</summary>
public sealed partial class SqlFunnelStore
{
    private async Task EnsureSqliteSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenSqliteAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        async Task<object?> Run(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        await Run("CREATE TABLE IF NOT EXISTS product_events (id INTEGER PRIMARY KEY AUTOINCREMENT, event_type TEXT NOT NULL, user_id TEXT NULL, org_id TEXT NULL, project_id TEXT NULL, entity_id TEXT NULL, "
            + "properties TEXT NOT NULL, created_at TEXT NOT NULL, once_per_entity INTEGER NOT NULL DEFAULT 0, event_id TEXT NULL)");

        // A table of the first layout: no once_per_entity/event_id, and a unique index over every row
        // with an entity (then only once-per-entity events had one).
        if (Convert.ToInt64(await Run("SELECT COUNT(*) FROM pragma_table_info('product_events') WHERE name = 'once_per_entity'"), CultureInfo.InvariantCulture) == 0)
        {
            await Run("ALTER TABLE product_events ADD COLUMN once_per_entity INTEGER NOT NULL DEFAULT 0");
        }

        if (Convert.ToInt64(await Run("SELECT COUNT(*) FROM pragma_table_info('product_events') WHERE name = 'event_id'"), CultureInfo.InvariantCulture) == 0)
        {
            await Run("ALTER TABLE product_events ADD COLUMN event_id TEXT NULL");
        }

        if (Convert.ToInt64(await Run("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ux_product_events_once'"), CultureInfo.InvariantCulture) > 0)
        {
            await Run("UPDATE product_events SET once_per_entity = 1 WHERE entity_id IS NOT NULL");
            await Run("DROP INDEX ux_product_events_once");
        }

        await Run("CREATE UNIQUE INDEX IF NOT EXISTS ux_product_events_once_per_entity ON product_events (event_type, entity_id) WHERE once_per_entity = 1");
        await Run("CREATE UNIQUE INDEX IF NOT EXISTS ux_product_events_event_id ON product_events (event_id) WHERE event_id IS NOT NULL");
        await Run("CREATE INDEX IF NOT EXISTS ix_product_events_type ON product_events (event_type, created_at)");
        await Run("CREATE INDEX IF NOT EXISTS ix_product_events_entity ON product_events (entity_id, event_type) WHERE entity_id IS NOT NULL");
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// One prepared statement run per row inside one transaction (embedded: no round trips), on the store's own write
    /// connection: opened, configured and prepared once, not per batch. Per batch, opening a pooled connection, running
    /// the three PRAGMAs and preparing the INSERT cost about as much CPU as inserting a row; a writer that stores events
    /// as they arrive (the default, one small batch per wake-up) paid it on almost every event (issue 18 §2). Writes are
    /// serialized by <see cref="_writeGate"/>; after any failure the connection is dropped and the next write opens a new
    /// one, so a connection in an unknown state is never reused.
    /// </summary>
    private async Task<IReadOnlyList<bool>> WriteSqliteAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writer is not { } writer)
            {
                writer = _writer = await SqliteBatchWriter.OpenAsync(this, cancellationToken);
                WriteConnectionsOpened++;
            }

            try
            {
                return writer.Write(batch, cancellationToken);
            }
            catch
            {
                _writer = null;
                await writer.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>How many write connections this store has opened: one, plus one after each failed write.</summary>
    internal int WriteConnectionsOpened { get; private set; }

    private async ValueTask CloseSqliteWriterAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            if (_writer is { } writer)
            {
                _writer = null;
                await writer.DisposeAsync();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// A connection in WAL mode with <c>synchronous=NORMAL</c>: a commit appends to the WAL without an fsync (the WAL is
    /// synced at checkpoints), which SQLite documents as safe from corruption; what a power loss can take is the last
    /// commits before it, not the database. With SQLite's default (FULL) every funnel batch — by default one as soon
    /// as events arrive — paid an fsync while holding the database's single write lock, which the app's own writes to
    /// the same file (EdgeIngest's readings) then waited for (issue 18 §2: the instrumented sample's largest extra
    /// cost per message). Events the writer could not store stay in its buffer and spill file, as before.
    /// </summary>
    internal async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // Read-only: no journal mode switch, which rewrites the file's header (a report must leave the file as it found it).
        pragma.CommandText = (_readOnly ? string.Empty : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; ")
            + "PRAGMA busy_timeout=" + ((int)_busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ";";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// How long a SQLite statement waits for another connection's write lock before it fails (and the writer retries
    /// with backoff): 5 seconds. It was 30: a funnel file locked by another process held the host's start for 31 s
    /// (the store's first schema check) and a shutdown 28 s past a 2 s <see cref="FunnelWriterOptions.ShutdownFlushTimeout"/>,
    /// so an orchestrator's kill (10 s after SIGTERM in Docker) took the buffered events before they were spilled (an
    /// operator's trial). The funnel's own transactions hold the lock for milliseconds.
    /// </summary>
    internal static readonly TimeSpan SqliteBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How a time is stored on SQLite: UTC, milliseconds, sortable as text.</summary>
    internal const string SqliteTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    internal static string SqliteTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString(SqliteTimestampFormat, CultureInfo.InvariantCulture);
}
