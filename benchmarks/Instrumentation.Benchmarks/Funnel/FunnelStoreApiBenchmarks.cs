using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Instrumentation.Funnel.Stores;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Benchmarks.Funnel;

/// <summary>
/// The SQLite funnel store against its peer, the same write through Microsoft.Data.Sqlite's ADO.NET API (what the store
/// did until it ran its statements on the connection's handle, and what an app writing these rows by hand would do): a
/// kept connection, a prepared INSERT, one <see cref="SqliteTransaction"/> per batch. Same schema (made by the store),
/// same file settings (the store's connection: WAL, <c>synchronous=NORMAL</c>), same rows: <c>FlowExecuted</c> events
/// with time-ordered ids into a table that already holds 50,000 rows, files on tmpfs (<c>/dev/shm</c>) where there is one. A batch of one is what the writer stores when
/// events trickle in (its default: write as soon as events arrive); 50 is a busy moment. Per batch.
/// </summary>
public class FunnelStoreApiBenchmarks
{
    private const int Prefill = 50_000;

    private string _directory = "";
    private SqlFunnelStore _store = null!;
    private SqliteConnection _ado = null!;
    private SqliteCommand _insert = null!;
    private SqliteParameter[] _parameters = Array.Empty<SqliteParameter>();
    private DateTimeOffset _clock;
    private StoredFunnelEvent[] _batch = Array.Empty<StoredFunnelEvent>();

    /// <summary>Rows per batch (one transaction).</summary>
    [Params(1, 50)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // On tmpfs where there is one: the same SQLite work (WAL, checkpoints, the store's PRAGMAs) without the disk's
        // writeback, which on this shared machine moved whole rounds by more than the difference measured here.
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "funnel-store-api-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _clock = DateTimeOffset.UtcNow.AddDays(-1);
        _batch = new StoredFunnelEvent[Rows];

        _store = Prefilled("store.db");
        Prefilled("ado.db").DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ado = new SqliteConnection("Data Source=" + Path.Combine(_directory, "ado.db"));
        _ado.Open();
        using (var pragma = _ado.CreateCommand())
        {
            // The store's connection settings (SqlFunnelStore.OpenSqliteAsync).
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
            pragma.ExecuteNonQuery();
        }

        _insert = _ado.CreateCommand();
        _insert.CommandText = "INSERT INTO product_events (event_id, event_type, user_id, org_id, project_id, entity_id, once_per_entity, properties, created_at) "
            + "VALUES (@id, @type, @user, @org, @project, @entity, @once, @properties, @created) ON CONFLICT DO NOTHING";
        // Kept as fields, as the store kept them: no lookup by name per row.
        _parameters = new[]
        {
            _insert.Parameters.Add("@id", SqliteType.Text),
            _insert.Parameters.Add("@type", SqliteType.Text),
            _insert.Parameters.Add("@user", SqliteType.Text),
            _insert.Parameters.Add("@org", SqliteType.Text),
            _insert.Parameters.Add("@project", SqliteType.Text),
            _insert.Parameters.Add("@entity", SqliteType.Text),
            _insert.Parameters.Add("@once", SqliteType.Integer),
            _insert.Parameters.Add("@properties", SqliteType.Text),
            _insert.Parameters.Add("@created", SqliteType.Text),
        };
        _insert.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _ado.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The store: its statements on the connection's handle (SQLitePCLRaw).</summary>
    [Benchmark]
    public IReadOnlyList<bool> Store()
    {
        Fill(_batch);
        return _store.WriteBatchAsync(_batch, default).GetAwaiter().GetResult();
    }

    /// <summary>The peer: the same rows through SqliteTransaction and a prepared SqliteCommand.</summary>
    [Benchmark(Baseline = true)]
    public IReadOnlyList<bool> AdoNet()
    {
        Fill(_batch);
        using var transaction = _ado.BeginTransaction();
        _insert.Transaction = transaction;
        var inserted = new bool[_batch.Length];
        for (var i = 0; i < _batch.Length; i++)
        {
            var item = _batch[i];
            var p = _parameters;
            p[0].Value = item.EventId!.Value.ToString("D");
            p[1].Value = item.EventType;
            p[2].Value = (object?)item.UserId ?? DBNull.Value;
            p[3].Value = (object?)item.OrgId ?? DBNull.Value;
            p[4].Value = (object?)item.ProjectId ?? DBNull.Value;
            p[5].Value = (object?)item.EntityId ?? DBNull.Value;
            p[6].Value = 0;
            p[7].Value = item.PropertiesJson;
            p[8].Value = item.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            inserted[i] = _insert.ExecuteNonQuery() == 1;
        }

        transaction.Commit();
        _insert.Transaction = null;
        return inserted;
    }

    private SqlFunnelStore Prefilled(string file)
    {
        var store = SqlFunnelStore.Open(Path.Combine(_directory, file));
        store.EnsureSchemaAsync(default).GetAwaiter().GetResult();
        var prefill = new StoredFunnelEvent[1_000];
        for (var written = 0; written < Prefill; written += prefill.Length)
        {
            Fill(prefill);
            store.WriteBatchAsync(prefill, default).GetAwaiter().GetResult();
        }

        return store;
    }

    private void Fill(StoredFunnelEvent[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            _clock = _clock.AddMilliseconds(1); // 1,000 events a second
            rows[i] = new StoredFunnelEvent("FlowExecuted", null, "org-1234", "proj-5678", null, "{\"node_count\":3,\"duration_ms\":0.42}", _clock, false, Guid.CreateVersion7(_clock));
        }
    }
}
