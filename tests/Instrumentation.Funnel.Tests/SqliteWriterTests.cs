using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The full background-writer path on a real SQLite file.</summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    private SqlFunnelStore OpenStore() => SqlFunnelStore.Open(_temp.File("events.db"));

    [Fact]
    public async Task Once_per_entity_under_8_threads_by_10000_emits_gives_exactly_one_row_per_entity()
    {
        await using var store = OpenStore();
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BufferCapacity = 200_000)))
        {
            await TestEvents.EmitConcurrentlyAsync(threads: 8, perThread: 10_000, entities: 37, _ => item => FunnelEvents.Emit(in item));
        }

        Assert.Equal(37, await store.CountAsync("FirstDeviceData", default));
    }

    [Fact]
    public async Task The_stores_sqlite_connections_commit_to_the_wal_without_an_fsync_each()
    {
        // synchronous=NORMAL (1) in WAL mode: no fsync per funnel batch while holding the file's write lock, which the
        // app's own writes to the same file wait for (SQLite's default, FULL = 2, syncs every commit).
        await using var store = OpenStore();
        await using var connection = await store.OpenSqliteAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Batches_share_one_write_connection_a_failed_write_drops_it_and_disposing_the_store_closes_it()
    {
        // Opening a pooled connection, its three PRAGMAs and preparing the INSERT per batch cost about as much CPU as
        // the rows of a small batch (issue 18 §2): the store keeps one write connection.
        var db = _temp.File("events.db");
        var store = OpenStore();
        await store.EnsureSchemaAsync(default);
        StoredFunnelEvent Event(int i, string type = "FlowExecuted") =>
            new(type, null, "org", "proj", "flow-" + i, "{}", DateTimeOffset.UtcNow, false, Guid.NewGuid());

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(new[] { true }, await store.WriteBatchAsync(new[] { Event(i) }, default));
        }

        Assert.Equal(1, store.WriteConnectionsOpened);

        // A write SQLite rejects (NOT NULL event_type) fails whole; the next one opens a new connection and stores.
        await Assert.ThrowsAsync<SqliteException>(() => store.WriteBatchAsync(new[] { Event(100), Event(101, type: null!) }, default));
        Assert.Equal(new[] { true, true }, await store.WriteBatchAsync(new[] { Event(100), Event(102) }, default));
        Assert.Equal(2, store.WriteConnectionsOpened);
        Assert.Equal(22L, await store.CountAsync("FlowExecuted", default));

        // Disposing the store closes its connection: with none left open, SQLite checkpoints the WAL and removes it.
        Assert.True(File.Exists(db + "-wal"));
        await store.DisposeAsync();
        Assert.False(File.Exists(db + "-wal"), "the store's write connection is still open after DisposeAsync");
    }

    [Fact]
    public async Task Text_is_stored_byte_for_byte_as_Microsoft_Data_Sqlite_stores_it_and_a_repeated_event_id_is_skipped()
    {
        // The write path binds UTF-8 on SQLite's own API (SQLitePCLRaw), not through SqliteCommand: what it stores must be
        // what the ADO.NET driver stored (checked against it): empty text stays empty text (not NULL),
        // a lone surrogate becomes U+FFFD as in Encoding.UTF8, long non-ASCII text outgrows the reused buffer intact.
        var db = _temp.File("events.db");
        await using var store = OpenStore();
        await store.EnsureSchemaAsync(default);
        var longText = new string('ü', 5_000) + "日本🙂";
        var largeText = new string('€', 30_000); // over the writer's kept 64 KB encoding buffer: bound another way
        var twice = Guid.NewGuid();
        StoredFunnelEvent Event(string? org, string properties, Guid id) =>
            new("FlowExecuted", null, org, "projekt-ß", null, properties, DateTimeOffset.UtcNow, false, id);

        var inserted = await store.WriteBatchAsync(
            new[] { Event(string.Empty, "{}", Guid.NewGuid()), Event("a\ud800b", "{}", Guid.NewGuid()), Event(longText, "{\"t\":\"" + longText + "\"}", twice), Event(null, "{}", twice), Event("org", "{\"t\":\"" + largeText + "\"}", Guid.NewGuid()) },
            default);

        Assert.Equal(new[] { true, true, true, false, true }, inserted);
        await using var connection = new SqliteConnection("Data Source=" + db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT org_id IS NULL, hex(org_id), project_id, properties FROM product_events ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new System.Collections.Generic.List<(long IsNull, string Hex, string Project, string Properties)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        Assert.Equal(4, rows.Count);
        Assert.Equal((0L, string.Empty), (rows[0].IsNull, rows[0].Hex));
        Assert.Equal("61EFBFBD62", rows[1].Hex);
        Assert.Equal(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(longText)), rows[2].Hex);
        Assert.Equal("{\"t\":\"" + longText + "\"}", rows[2].Properties);
        Assert.Equal("{\"t\":\"" + largeText + "\"}", rows[3].Properties);
        Assert.All(rows, row => Assert.Equal("projekt-ß", row.Project));
    }

    [Fact]
    public async Task A_write_lock_held_by_another_connection_fails_the_batch_as_transient_after_the_busy_timeout_and_writes_nothing()
    {
        var db = _temp.File("events.db");
        await using var store = SqlFunnelStore.Open(db, TimeSpan.FromSeconds(1));
        await store.EnsureSchemaAsync(default);
        StoredFunnelEvent Event(int i) => new("FlowExecuted", null, "org", "proj", "flow-" + i, "{}", DateTimeOffset.UtcNow, false, Guid.NewGuid());
        Assert.Equal(new[] { true }, await store.WriteBatchAsync(new[] { Event(0) }, default));

        await using var other = new SqliteConnection("Data Source=" + db + ";Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SqliteException>(() => store.WriteBatchAsync(new[] { Event(1), Event(2) }, default));
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        Assert.Equal(FunnelStoreFailure.Transient, store.Classify(error));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), "the write gave up before the busy timeout: " + started.Elapsed);

        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.Equal(1L, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(new[] { true, true }, await store.WriteBatchAsync(new[] { Event(1), Event(2) }, default));
        Assert.Equal(3L, await store.CountAsync("FlowExecuted", default));
    }

    [Fact]
    public async Task A_write_connection_left_inside_a_transaction_is_closed_not_handed_back_by_the_pool()
    {
        // The writer runs BEGIN/COMMIT on the handle, which Microsoft.Data.Sqlite's pool does not see: a connection disposed
        // inside a transaction (a failed write whose ROLLBACK failed too) came back from the pool with it still open,
        // holding the file's write lock (checked by a probe before this test).
        await using var store = OpenStore();
        await store.EnsureSchemaAsync(default);
        var writer = await SqliteBatchWriter.OpenAsync(store, default);
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(writer.Handle, "BEGIN IMMEDIATE"));
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(writer.Handle,
            "INSERT INTO product_events (event_type, properties, created_at) VALUES ('Stale', '{}', '2026-12-07T00:00:00.000Z')"));

        await writer.DisposeAsync();

        await using var next = await store.OpenSqliteAsync(default);
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(next.Handle));
        Assert.Equal(0L, await store.CountAsync("Stale", default));
        Assert.Equal(new[] { true }, await store.WriteBatchAsync(new[] { new StoredFunnelEvent("FlowExecuted", null, "org", "proj", null, "{}", DateTimeOffset.UtcNow, false, Guid.NewGuid()) }, default));
    }

    [Fact]
    public async Task No_loss_100000_events_then_graceful_stop()
    {
        await using var store = OpenStore();
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BufferCapacity = 200_000)))
        {
            for (var i = 0; i < 100_000; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }
        }

        Assert.Equal(100_000, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(100_000, writer.Written);
        Assert.Equal(0, writer.Spilled + writer.Lost + writer.Buffer.DroppedCount);
    }

    [Fact]
    public async Task Repeated_first_events_store_one_row_and_export_one_log_record_across_restarts()
    {
        using var logs = new OtelLogCapture();
        await using var store = OpenStore();
        FunnelWriter first;
        await using (first = await FunnelWriter.StartAsync(store, _temp.Options(), logs.Factory))
        {
            for (var i = 0; i < 200; i++)
            {
                var item = TestEvents.First("dev-log");
                FunnelEvents.Emit(in item);
            }

            Assert.True(await first.FlushAsync(TimeSpan.FromSeconds(30)));

            // Once the store confirmed the row, repeats are dropped at enqueue: no buffer slot, no store work.
            var skippedBefore = first.Buffer.SkippedAsRecordedCount;
            for (var i = 0; i < 1_000; i++)
            {
                var item = TestEvents.First("dev-log");
                FunnelEvents.Emit(in item);
            }

            Assert.Equal(skippedBefore + 1_000, first.Buffer.SkippedAsRecordedCount);
            Assert.Equal(0, first.Buffer.Count);
        }

        // A restarted app (empty cache) emits the event again: the store's unique key skips it, and a
        // skipped row is not exported.
        await using (var second = await FunnelWriter.StartAsync(store, _temp.Options(), logs.Factory))
        {
            for (var i = 0; i < 50; i++)
            {
                var item = TestEvents.First("dev-log");
                FunnelEvents.Emit(in item);
            }

            Assert.True(await second.FlushAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, second.Written);
            Assert.True(second.SkippedDuplicates >= 1);
        }

        Assert.Equal(1, await store.CountAsync("FirstDeviceData", default));
        var record = Assert.Single(logs.Records);
        Assert.Equal("FirstDeviceData", record["event.name"]);
        Assert.Equal("dev-log", record["entity_id"]);
        Assert.Equal("org", record["org_id"]);

        // An id the event does not carry is no attribute (an exporter writes a null value as an empty one).
        Assert.False(record.ContainsKey("project_id"));
        Assert.False(record.ContainsKey("user_id"));
        Assert.DoesNotContain(record.Values, v => v is null);
        Assert.Equal(1, first.Written);
    }

    [Fact]
    public async Task Since_property_is_computed_from_the_registration_event_across_restarts()
    {
        var registeredAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await using var store = OpenStore();
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var registered = new FunnelEvent("DeviceRegistered") { EntityId = "dev-9", OncePerEntity = true, CreatedAt = registeredAt };
            FunnelEvents.Emit(in registered);
        }

        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var first = TestEvents.First("dev-9");
            first.SinceProperty = "time_since_registration_s";
            first.SinceEvent = "DeviceRegistered";
            FunnelEvents.Emit(in first);
            FunnelEvents.Emit(in first);
        }

        var stored = Assert.Single(await store.ReadAsync(new[] { "FirstDeviceData" }, default));
        var seconds = JsonDocument.Parse(stored.PropertiesJson).RootElement.GetProperty("time_since_registration_s").GetDouble();
        Assert.InRange(seconds, 599, 700);
    }

    [Fact]
    public async Task Time_since_widget_created_is_computed_from_a_non_once_event_in_an_earlier_run_and_from_a_supplied_timestamp()
    {
        var createdAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using var store = OpenStore();

        // Run 1: the widget is created (an ordinary event, not once-per-entity, with an entity), in an earlier batch.
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var created = new FunnelEvent("WidgetCreated") { EntityId = "w-7", CreatedAt = createdAt };
            FunnelEvents.Emit(in created);
        }

        Assert.Equal("w-7", Assert.Single(await store.ReadAsync(new[] { "WidgetCreated" }, default)).EntityId);

        // Run 2: the first live data of that widget, measured from WidgetCreated (looked up in the store), and the
        // generated SinceTimestamp path of another widget.
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var live = TestEvents.First("w-7", "FirstLiveWidgetData");
            live.SinceProperty = "time_since_widget_created_s";
            live.SinceEvent = "WidgetCreated";
            FunnelEvents.Emit(in live);
            new Widgets().Broadcast(new Widget("w-8", DateTimeOffset.UtcNow.AddMinutes(-2)));
        }

        var rows = (await store.ReadAsync(new[] { "FirstLiveWidgetData" }, default)).ToDictionary(r => r.EntityId!);
        double Seconds(string widget) => JsonDocument.Parse(rows[widget].PropertiesJson).RootElement.GetProperty("time_since_widget_created_s").GetDouble();
        Assert.InRange(Seconds("w-7"), 299, 400);
        Assert.InRange(Seconds("w-8"), 119, 220);
    }

    [Fact]
    public async Task Rows_the_store_rejects_and_events_that_cannot_be_serialized_are_dead_lettered_and_the_rest_is_stored()
    {
        await using var store = OpenStore();
        await store.EnsureSchemaAsync(default);

        // A real per-row rejection by SQLite (SQLITE_CONSTRAINT), like a CHECK constraint of a stricter schema.
        await using (var connection = new SqliteConnection("Data Source=" + _temp.File("events.db")))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER reject_poison BEFORE INSERT ON product_events WHEN NEW.user_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poison row'); END;";
            await command.ExecuteNonQueryAsync();
        }

        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BatchSize = 64)))
        {
            for (var i = 0; i < 100; i++)
            {
                var item = TestEvents.Flow(i);
                if (i == 37)
                {
                    item.UserId = "poison";
                }

                if (i == 71)
                {
                    // Built by hand without a type: it cannot become a row at all.
                    item = new FunnelEvent(string.Empty);
                }

                FunnelEvents.Emit(in item);
            }

            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)), "one bad event must not block the writer");
            var after = TestEvents.Flow(1_000);
            FunnelEvents.Emit(in after);
        }

        Assert.Equal(99, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(2, writer.DeadLettered);
        var lines = await File.ReadAllLinesAsync(writer.DeadLetterPath);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("poison row", StringComparison.Ordinal) && l.Contains("\"user_id\":\"poison\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cannot be serialized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_table_of_the_first_layout_is_upgraded_keeping_first_events_unique()
    {
        var path = _temp.File("old.db");
        await using (var connection = new SqliteConnection("Data Source=" + path))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE product_events (id INTEGER PRIMARY KEY AUTOINCREMENT, event_type TEXT NOT NULL, user_id TEXT NULL, org_id TEXT NULL, project_id TEXT NULL, entity_id TEXT NULL, properties TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE UNIQUE INDEX ux_product_events_once ON product_events (event_type, entity_id) WHERE entity_id IS NOT NULL;
                INSERT INTO product_events (event_type, entity_id, properties, created_at) VALUES ('FirstDeviceData', 'dev-old', '{}', '2026-11-01T00:00:00.000Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = SqlFunnelStore.Open(path);
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var again = TestEvents.First("dev-old");
            FunnelEvents.Emit(in again);
            for (var i = 0; i < 3; i++)
            {
                var created = new FunnelEvent("WidgetCreated") { EntityId = "w-1" };
                FunnelEvents.Emit(in created);
            }
        }

        Assert.Equal(1, await store.CountAsync("FirstDeviceData", default));
        Assert.Equal(3, await store.CountAsync("WidgetCreated", default));
    }
}
