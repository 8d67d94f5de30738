using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Instrumentation.Funnel.Stores;

/// <summary>
/// The SQLite store's write connection and its four prepared statements (<c>BEGIN IMMEDIATE</c>, the INSERT,
/// <c>COMMIT</c>, <c>ROLLBACK</c>), kept for the store's lifetime (see <see cref="SqlFunnelStore"/>'s SQLite half). Not
/// thread-safe: the store lets one write in at a time.
/// </summary>
/// <remarks>
/// The connection is opened and configured by Microsoft.Data.Sqlite; the statements run on its handle through
/// SQLitePCLRaw, the library Microsoft.Data.Sqlite itself calls. Through <see cref="SqliteTransaction"/> and
/// <see cref="SqliteCommand"/> (which prepare <c>BEGIN</c> and <c>COMMIT</c> anew for every transaction and build a data
/// reader per INSERT) a batch of 50 events took 1.3–1.4× the time, a batch of one 1.2–1.9× (issue 18 §2;
/// benchmarks/RESULTS.md, "The funnel store on SQLite's own API"). Errors
/// are raised as Microsoft.Data.Sqlite raises them (<see cref="SqliteException.ThrowExceptionForRC"/>), and a lock held
/// elsewhere waits the connection's <c>busy_timeout</c>, as before.
/// </remarks>
internal sealed class SqliteBatchWriter : IAsyncDisposable
{
    private const string InsertSql =
        "INSERT INTO product_events (event_id, event_type, user_id, org_id, project_id, entity_id, once_per_entity, properties, created_at) "
        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING";

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly List<sqlite3_stmt> _statements = new(4);
    private sqlite3_stmt _begin = null!;
    private sqlite3_stmt _insert = null!;
    private sqlite3_stmt _commit = null!;
    private sqlite3_stmt _rollback = null!;

    /// <summary>The largest encoding buffer the writer keeps (64 KB).</summary>
    private const int MaxKeptBuffer = 64 * 1024;

    /// <summary>UTF-8 of the value being bound (SQLite copies it: bound as transient), grown as needed up to <see cref="MaxKeptBuffer"/>.</summary>
    private byte[] _utf8 = new byte[512];

    private SqliteBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
    }

    /// <summary>The connection's SQLite handle (for tests).</summary>
    internal sqlite3 Handle => _db;

    public static async Task<SqliteBatchWriter> OpenAsync(SqlFunnelStore store, CancellationToken cancellationToken)
    {
        var connection = await store.OpenSqliteAsync(cancellationToken);
        var writer = new SqliteBatchWriter(connection);
        try
        {
            writer._begin = writer.Prepare("BEGIN IMMEDIATE");
            writer._insert = writer.Prepare(InsertSql);
            writer._commit = writer.Prepare("COMMIT");
            writer._rollback = writer.Prepare("ROLLBACK");
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Inserts the batch in one transaction; for each row, whether it was inserted (false: already stored).</summary>
    public IReadOnlyList<bool> Write(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(_begin);
        try
        {
            var inserted = new bool[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                inserted[i] = Insert(batch[i]);
            }

            Run(_commit);
            return inserted;
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private bool Insert(StoredFunnelEvent item)
    {
        if (item.EventId is { } eventId)
        {
            BindFormatted(1, eventId, "D");
        }
        else
        {
            Check(raw.sqlite3_bind_null(_insert, 1));
        }

        BindText(2, item.EventType);
        BindText(3, item.UserId);
        BindText(4, item.OrgId);
        BindText(5, item.ProjectId);
        BindText(6, item.EntityId);
        Check(raw.sqlite3_bind_int(_insert, 7, item.OncePerEntity && item.EntityId is not null ? 1 : 0));
        BindText(8, item.PropertiesJson);
        BindFormatted(9, item.CreatedAt.UtcDateTime, SqlFunnelStore.SqliteTimestampFormat);
        Run(_insert);
        return raw.sqlite3_changes(_db) == 1;
    }

    /// <summary>
    /// Binds the text of a short value (an event id, a timestamp) formatted straight into UTF-8 on the stack: the same
    /// text as <c>ToString(format, InvariantCulture)</c>, without a string per row (~180 B a row for the two).
    /// </summary>
    private void BindFormatted<T>(int index, T value, string format)
        where T : IUtf8SpanFormattable
    {
        Span<byte> utf8 = stackalloc byte[64];
        if (!value.TryFormat(utf8, out var written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new FormatException("A funnel value did not fit its 64-byte text: " + typeof(T).Name + " with format '" + format + "'.");
        }

        Check(raw.sqlite3_bind_text(_insert, index, utf8[..written]));
    }

    private void BindText(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_insert, index));
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > MaxKeptBuffer)
        {
            // A rare large value: SQLitePCLRaw encodes it into an array of its own, and the writer keeps no large buffer.
            Check(raw.sqlite3_bind_text(_insert, index, value));
            return;
        }

        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Min(MaxKeptBuffer, Math.Max(length, _utf8.Length * 2))];
        }

        var written = Encoding.UTF8.GetBytes(value, 0, value.Length, _utf8, 0);
        Check(raw.sqlite3_bind_text(_insert, index, new ReadOnlySpan<byte>(_utf8, 0, written)));
    }

    /// <summary>Steps a statement that returns no rows to completion and resets it; throws on any error.</summary>
    private void Run(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            return;
        }

        try
        {
            // Read while the error is the connection's latest (before the reset).
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Undoes an open transaction after a failed write (SQLite may already have rolled it back).</summary>
    private void RollBack()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            raw.sqlite3_step(_rollback);
            raw.sqlite3_reset(_rollback);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        if (statement is null)
        {
            throw new InvalidOperationException("SQLite prepared no statement from: " + sql);
        }

        _statements.Add(statement);
        return statement;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        _statements.Clear();
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            // Still inside a transaction (a failed write whose ROLLBACK failed too): Microsoft.Data.Sqlite's pool would hand
            // the connection out again with the transaction open and the file's write lock held. Not pooled, it is
            // closed, which rolls the transaction back.
            SqliteConnection.ClearPool(_connection);
        }

        await _connection.DisposeAsync();
    }
}
