using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Instrumentation.TestServers;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>Durability and exactly-once on real SQLite and PostgreSQL.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "funnel-" + Guid.NewGuid().ToString("N"));

    public StoreTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        FunnelEvents.Install(null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string SqlitePath => Path.Combine(_directory, "events.db");

    private static FunnelEvent First(string device)
    {
        var item = new FunnelEvent("FirstDeviceData") { EntityId = device, OncePerEntity = true, OrgId = "org" };
        item.Properties.Add("device_uuid", device);
        return item;
    }

    private static async Task EmitConcurrentlyAsync(int threads, int perThread, int entities)
    {
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var item = First("device-" + ((t * perThread) + i) % entities);
                FunnelEvents.Emit(in item);
            }
        })));
    }

    [Fact]
    public async Task Sqlite_once_per_entity_under_8_threads_by_10000_emits_gives_exactly_one_row_per_entity()
    {
        var store = SqlFunnelStore.Open(SqlitePath);
        await using (var writer = await FunnelWriter.StartAsync(store, new FunnelEventBuffer(200_000)))
        {
            await EmitConcurrentlyAsync(threads: 8, perThread: 10_000, entities: 37);
        }

        Assert.Equal(37, await store.CountAsync("FirstDeviceData", default));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Sqlite_no_loss_100000_events_then_graceful_stop()
    {
        var store = SqlFunnelStore.Open(SqlitePath);
        await using (var writer = await FunnelWriter.StartAsync(store, new FunnelEventBuffer(200_000)))
        {
            for (var i = 0; i < 100_000; i++)
            {
                var item = new FunnelEvent("FlowExecuted") { ProjectId = "p" };
                item.Properties.Add("node_count", i % 7L);
                FunnelEvents.Emit(in item);
            }
        }

        Assert.Equal(100_000, await store.CountAsync("FlowExecuted", default));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Stored_events_are_exported_as_log_records_with_event_name()
    {
        var records = new System.Collections.Concurrent.ConcurrentQueue<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object?>>>();
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory(new Microsoft.Extensions.Logging.ILoggerProvider[] { new RecordingProvider(records) });
        var store = SqlFunnelStore.Open(SqlitePath);
        await using (var writer = await FunnelWriter.StartAsync(store, loggerFactory: loggers))
        {
            var item = First("dev-log");
            FunnelEvents.Emit(in item);
        }

        var record = Assert.Single(records);
        Assert.Contains(record, p => p.Key == "event.name" && (string?)p.Value == "FirstDeviceData");
        Assert.Contains(record, p => p.Key == "entity_id" && (string?)p.Value == "dev-log");
        await store.DisposeAsync();
    }

    private sealed class RecordingProvider : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object?>>> _records;

        public RecordingProvider(System.Collections.Concurrent.ConcurrentQueue<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object?>>> records) => _records = records;

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => categoryName == FunnelWriter.LogCategory ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, object?>> pairs)
            {
                _records.Enqueue(pairs.ToList());
            }
        }
    }

    [Fact]
    public async Task Since_property_is_computed_from_the_registration_event_across_restarts()
    {
        var registeredAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var store = SqlFunnelStore.Open(SqlitePath);
        await using (var writer = await FunnelWriter.StartAsync(store))
        {
            var registered = new FunnelEvent("DeviceRegistered") { EntityId = "dev-9", OncePerEntity = true, CreatedAt = registeredAt };
            FunnelEvents.Emit(in registered);
        }

        await using (var writer = await FunnelWriter.StartAsync(store))
        {
            var first = First("dev-9");
            first.SinceProperty = "time_since_registration_s";
            first.SinceEvent = "DeviceRegistered";
            FunnelEvents.Emit(in first);
            FunnelEvents.Emit(in first);
        }

        var stored = Assert.Single(await store.ReadAsync(new[] { "FirstDeviceData" }, default));
        var seconds = JsonDocument.Parse(stored.PropertiesJson).RootElement.GetProperty("time_since_registration_s").GetDouble();
        Assert.InRange(seconds, 595, 700);
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Postgres_two_instances_no_loss_and_an_outage_loses_nothing()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var first = SqlFunnelStore.Open(postgres.ConnectionString);
        var second = SqlFunnelStore.Open(postgres.ConnectionString);
        await first.EnsureSchemaAsync(default);
        await second.EnsureSchemaAsync(default);

        // Two app instances race on the same entities: still one row each.
        var batchA = Enumerable.Range(0, 500).Select(i => Row("FirstDeviceData", "device-" + (i % 50))).ToList();
        var batchB = Enumerable.Range(0, 500).Select(i => Row("FirstDeviceData", "device-" + (i % 50))).ToList();
        await Task.WhenAll(
            Task.Run(() => first.WriteBatchAsync(batchA, default)),
            Task.Run(() => second.WriteBatchAsync(batchB, default)));
        Assert.Equal(50, await first.CountAsync("FirstDeviceData", default));

        // 100,000 events through the writer, with the server stopped in the middle and started again.
        await using (var writer = await FunnelWriter.StartAsync(first, new FunnelEventBuffer(200_000)))
        {
            for (var i = 0; i < 50_000; i++)
            {
                var item = new FunnelEvent("FlowExecuted") { ProjectId = "p" };
                FunnelEvents.Emit(in item);
            }

            await postgres.StopAsync();
            for (var i = 0; i < 50_000; i++)
            {
                var item = new FunnelEvent("FlowExecuted") { ProjectId = "p" };
                FunnelEvents.Emit(in item);
            }

            await Task.Delay(1_000);
            Assert.True(writer.Buffer.Count > 0, "events wait in the buffer while the store is down");
            await postgres.StartAgainAsync();
        }

        // Connections pooled before the restart are dead; a reader opens fresh ones.
        Npgsql.NpgsqlConnection.ClearAllPools();
        Assert.Equal(100_000, await second.CountAsync("FlowExecuted", default));
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    private static StoredFunnelEvent Row(string type, string entity) =>
        new(type, null, "org", "proj", entity, "{}", DateTimeOffset.UtcNow);
}
