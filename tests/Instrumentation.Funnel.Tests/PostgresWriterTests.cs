using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Npgsql;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The full background-writer path on a real PostgreSQL server (one server, one database per test).</summary>
public sealed class PostgresWriterTests : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly PostgresFixture _postgres;
    private readonly TempDirectory _temp = new();

    public PostgresWriterTests(PostgresFixture postgres) => _postgres = postgres;

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    private async Task<SqlFunnelStore> NewStoreAsync() => SqlFunnelStore.Open(await _postgres.NewDatabaseAsync());

    [Fact]
    public async Task A_postgres_url_opens_the_same_database_as_its_key_value_form()
    {
        // UsePostgres and Open documented postgres:// URLs, which Npgsql never read (it failed, echoing the password).
        var connectionString = await _postgres.NewDatabaseAsync();
        var parts = new NpgsqlConnectionStringBuilder(connectionString);
        var url = "postgresql://" + Uri.EscapeDataString(parts.Username!) + ":" + Uri.EscapeDataString(parts.Password ?? string.Empty)
            + "@" + parts.Host + ":" + parts.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Uri.EscapeDataString(parts.Database!)
            + "?sslmode=disable&application_name=funnel-url-test";
        await using (var byUrl = SqlFunnelStore.Open(url))
        {
            await byUrl.EnsureSchemaAsync(default);
        }

        await using var byKeys = SqlFunnelStore.OpenReadOnly(connectionString);
        Assert.True(await byKeys.TableExistsAsync(default));
        var converted = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url));
        Assert.Equal((parts.Host, parts.Port, parts.Username, parts.Password, parts.Database), (converted.Host, converted.Port, converted.Username, converted.Password, converted.Database));
        Assert.Equal(SslMode.Disable, converted.SslMode);
        Assert.Equal("funnel-url-test", converted.ApplicationName);
    }

    [Fact]
    public async Task Schema_has_jsonb_properties_and_timestamptz_created_at()
    {
        var connectionString = await _postgres.NewDatabaseAsync();
        await using var store = SqlFunnelStore.Open(connectionString);
        await store.EnsureSchemaAsync(default);
        await store.EnsureSchemaAsync(default);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'product_events'", connection);
        var types = new System.Collections.Generic.Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal("jsonb", types["properties"]);
        Assert.Equal("timestamp with time zone", types["created_at"]);
        Assert.Equal("text", types["entity_id"]);
    }

    [Fact]
    public async Task Two_writer_instances_racing_on_the_same_first_events_store_one_row_per_entity()
    {
        // Two app instances: each its own store (connection pool), buffer and background writer, one database.
        var connectionString = await _postgres.NewDatabaseAsync();
        await using var storeA = SqlFunnelStore.Open(connectionString);
        await using var storeB = SqlFunnelStore.Open(connectionString);
        await using var writerA = await FunnelWriter.StartAsync(storeA, _temp.Options(o => o.BatchSize = 100));
        await using var writerB = await FunnelWriter.StartAsync(storeB, _temp.Options(o => o.BatchSize = 100));

        await TestEvents.EmitConcurrentlyAsync(threads: 8, perThread: 2_000, entities: 50, thread =>
        {
            var buffer = thread % 2 == 0 ? writerA.Buffer : writerB.Buffer;
            return item => buffer.TryAdd(in item);
        });
        Assert.True(await writerA.FlushAsync(TimeSpan.FromSeconds(60)));
        Assert.True(await writerB.FlushAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(50, await storeA.CountAsync("FirstDeviceData", default));
        Assert.Equal(50, writerA.Written + writerB.Written);
    }

    [Fact]
    public async Task Once_per_entity_under_8_threads_by_10000_emits_gives_exactly_one_row_per_entity()
    {
        await using var store = await NewStoreAsync();
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BufferCapacity = 200_000)))
        {
            await TestEvents.EmitConcurrentlyAsync(threads: 8, perThread: 10_000, entities: 37, _ => item => FunnelEvents.Emit(in item));
        }

        Assert.Equal(37, await store.CountAsync("FirstDeviceData", default));
    }

    [Fact]
    public async Task No_loss_100000_events_then_graceful_stop()
    {
        await using var store = await NewStoreAsync();
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
    public async Task Outage_mid_emission_retries_and_stores_everything_once_when_the_server_is_back()
    {
        await using var store = await NewStoreAsync();
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BufferCapacity = 100_000)))
        {
            for (var i = 0; i < 30_000; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }

            await _postgres.Server.StopAsync();
            for (var i = 30_000; i < 60_000; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }

            // The server is down: nothing of the second half can be stored, the writer keeps retrying.
            Assert.True(writer.Buffer.Count >= 30_000);
            await TestEvents.WaitUntilAsync(() => writer.FailedAttempts > 0, "a write fails");
            await _postgres.Server.StartAgainAsync();
        }

        Assert.Equal(60_000, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(0, writer.Spilled + writer.Lost + writer.Buffer.DroppedCount);
    }

    [Fact]
    public async Task A_bounded_buffer_smaller_than_an_outage_stays_bounded_and_counts_every_drop()
    {
        await using var store = await NewStoreAsync();
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(o =>
        {
            o.BufferCapacity = 5_000;
            o.OverflowPolicy = FunnelOverflowPolicy.DropNewest;
        })))
        {
            await _postgres.Server.StopAsync();
            var accepted = 0;
            for (var i = 0; i < 20_000; i++)
            {
                var item = TestEvents.Flow(i);
                accepted += FunnelEvents.Emit(in item) ? 1 : 0;
                Assert.True(writer.Buffer.Count <= 5_000);
            }

            Assert.Equal(5_000, accepted);
            Assert.Equal(5_000, writer.Buffer.Count);
            Assert.Equal(15_000, writer.Buffer.DroppedCount);
            await _postgres.Server.StartAgainAsync();

            // The store is back: the writer stores what it kept, retrying as it does while running. (Disposing at once
            // was racy: a first write after the restart can fail — most likely on a connection the pool kept from before it — and a
            // write that fails at shutdown spills by design — CI on 2026-12-07 got 0 stored and 5,000 spilled.)
            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(60)), "the writer stores the kept events once the store is back");
        }

        Assert.Equal(5_000, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(0, writer.Spilled);
    }

    [Fact]
    public async Task Store_down_at_shutdown_spills_and_the_next_writer_stores_everything_exactly_once()
    {
        var connectionString = await _postgres.NewDatabaseAsync();
        await using var store = SqlFunnelStore.Open(connectionString);
        await store.EnsureSchemaAsync(default);
        var options = _temp.Options(o => o.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(300));
        var registeredAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        FunnelWriter first;
        await using (first = await FunnelWriter.StartAsync(store, options))
        {
            await _postgres.Server.StopAsync();
            for (var i = 0; i < 5_000; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }

            var registered = new FunnelEvent("DeviceRegistered") { EntityId = "dev-s", OncePerEntity = true, CreatedAt = registeredAt };
            FunnelEvents.Emit(in registered);
            for (var i = 0; i < 3; i++)
            {
                var firstData = TestEvents.First("dev-s");
                firstData.SinceProperty = "time_since_registration_s";
                firstData.SinceEvent = "DeviceRegistered";
                FunnelEvents.Emit(in firstData);
            }
        }

        // Nothing was dropped: everything the store could not take is in a spill file.
        Assert.Equal(5_002, first.Spilled);
        Assert.Equal(0, first.Lost);
        Assert.Single(Directory.GetFiles(options.SpillDirectory, "funnel-spill-*.jsonl"));

        await _postgres.Server.StartAgainAsync();
        NpgsqlConnection.ClearAllPools();
        FunnelWriter second;
        await using (second = await FunnelWriter.StartAsync(store, options))
        {
            Assert.True(await second.FlushAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Empty(Directory.GetFiles(options.SpillDirectory, "funnel-spill-*"));
        await using (var third = await FunnelWriter.StartAsync(store, options))
        {
        }

        Assert.Equal(5_000, await store.CountAsync("FlowExecuted", default));
        Assert.Equal(1, await store.CountAsync("FirstDeviceData", default));
        var data = Assert.Single(await store.ReadAsync(new[] { "FirstDeviceData" }, default));
        var seconds = System.Text.Json.JsonDocument.Parse(data.PropertiesJson).RootElement.GetProperty("time_since_registration_s").GetDouble();
        Assert.InRange(seconds, 179, 400);
    }

    [Fact]
    public async Task Rows_postgres_rejects_are_dead_lettered_and_the_writer_goes_on()
    {
        await using var store = await NewStoreAsync();
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.BatchSize = 50)))
        {
            for (var i = 0; i < 120; i++)
            {
                var item = new FunnelEvent("OrgCreated") { OrgId = "org-" + i, UserId = "user-" + i };
                switch (i)
                {
                    case 10:
                        item.UserId = "a\0b"; // text cannot hold NUL (22021)
                        break;
                    case 60:
                        item.Properties.Add("note", "nul \0 inside"); // jsonb cannot hold \u0000 (22P05)
                        break;
                    case 99:
                        item.OrgId = "lone \ud800 surrogate"; // the client cannot encode it as UTF-8
                        break;
                }

                FunnelEvents.Emit(in item);
            }

            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(60)), "bad events must not block the writer");
            var after = new FunnelEvent("OrgCreated") { OrgId = "org-after" };
            FunnelEvents.Emit(in after);
        }

        Assert.Equal(118, await store.CountAsync("OrgCreated", default));
        Assert.Equal(3, writer.DeadLettered);
        var lines = await File.ReadAllLinesAsync(writer.DeadLetterPath);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("\"org_id\":\"org-10\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"org_id\":\"org-60\"", StringComparison.Ordinal));
    }
}
