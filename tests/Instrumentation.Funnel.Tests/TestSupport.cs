using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.TestServers;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>Events the tests emit.</summary>
internal static class TestEvents
{
    public static FunnelEvent First(string device, string type = "FirstDeviceData")
    {
        var item = new FunnelEvent(type) { EntityId = device, OncePerEntity = true, OrgId = "org" };
        item.Properties.Add("device_uuid", device);
        return item;
    }

    public static FunnelEvent Flow(long index)
    {
        var item = new FunnelEvent("FlowExecuted") { ProjectId = "p" };
        item.Properties.Add("n", index);
        return item;
    }

    /// <summary>8 threads (or <paramref name="threads"/>) emitting into <paramref name="add"/>, entities reused round-robin.</summary>
    public static Task EmitConcurrentlyAsync(int threads, int perThread, int entities, Func<int, Action<FunnelEvent>> add) =>
        Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            var emit = add(t);
            for (var i = 0; i < perThread; i++)
            {
                emit(First("device-" + (((t * perThread) + i) % entities)));
            }
        })));

    /// <summary>Polls <paramref name="condition"/> (a wait with a generous deadline, not a timing assertion).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }
}

/// <summary>A temporary directory (spill files, SQLite databases), deleted at the end.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "funnel-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public FunnelWriterOptions Options(Action<FunnelWriterOptions>? configure = null)
    {
        var options = new FunnelWriterOptions { SpillDirectory = System.IO.Path.Combine(Path, "spill"), RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(500) };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One real PostgreSQL server for a test class; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Task<string> NewDatabaseAsync() => Server.CreateDatabaseAsync("t_" + Guid.NewGuid().ToString("N"));
}

/// <summary>Funnel events exported through a real OpenTelemetry logging pipeline (an in-memory exporter at the end).</summary>
internal sealed class OtelLogCapture : IDisposable
{
    private readonly Exporter _exporter = new();

    /// <param name="withProcessor">Adds the SDK's <c>AddInstrumentationProcessor()</c> before the exporter, as the hosted registration does.</param>
    public OtelLogCapture(bool withProcessor = false)
    {
        Factory = LoggerFactory.Create(builder => builder
            .AddFilter(FunnelWriter.LogCategory, LogLevel.Information)
            .AddFilter((category, _) => category == FunnelWriter.LogCategory)
            .AddOpenTelemetry(options =>
            {
                options.IncludeFormattedMessage = true;
                if (withProcessor)
                {
                    options.AddInstrumentationProcessor();
                }

                options.AddProcessor(new SimpleLogRecordExportProcessor(_exporter));
            }));
    }

    public ILoggerFactory Factory { get; }

    /// <summary>The event.name and attributes of every exported record.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Records => _exporter.Records.ToList();

    public void Dispose() => Factory.Dispose();

    private sealed class Exporter : BaseExporter<LogRecord>
    {
        public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Records { get; } = new();

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var attributes = (record.Attributes ?? Array.Empty<KeyValuePair<string, object?>>()).ToDictionary(p => p.Key, p => p.Value);
                Records.Enqueue(attributes);
            }

            return ExportResult.Success;
        }
    }
}

/// <summary>Metrics exported through a real OpenTelemetry meter provider registered with the SDK's one call.</summary>
internal sealed class OtelMetricCapture : IDisposable
{
    private readonly Exporter _exporter = new();
    private readonly MeterProvider _provider;

    public OtelMetricCapture()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddGeneratedInstrumentation()
            .AddReader(new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative })
            .Build()!;
    }

    /// <summary>Exports now; returns each metric's name and the sum of its points.</summary>
    public IReadOnlyDictionary<string, double> Collect()
    {
        _exporter.Latest.Clear();
        _provider.ForceFlush();
        return _exporter.Latest.ToDictionary(p => p.Key, p => p.Value);
    }

    public void Dispose() => _provider.Dispose();

    private sealed class Exporter : BaseExporter<Metric>
    {
        public ConcurrentDictionary<string, double> Latest { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                double sum = 0;
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    sum += metric.MetricType switch
                    {
                        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        _ => 0,
                    };
                }

                Latest[metric.Name] = sum;
            }

            return ExportResult.Success;
        }
    }
}

/// <summary>A real store passed through, whose writes a test can count or fail: <see cref="WriteBatchAsync"/> is the one hook.</summary>
internal abstract class PassThroughStore(Instrumentation.Funnel.Stores.IFunnelStore inner) : Instrumentation.Funnel.Stores.IFunnelStore
{
    public string Description => inner.Description;

    public Task EnsureSchemaAsync(System.Threading.CancellationToken cancellationToken) => inner.EnsureSchemaAsync(cancellationToken);

    public virtual Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<Instrumentation.Funnel.Stores.StoredFunnelEvent> batch, System.Threading.CancellationToken cancellationToken) =>
        inner.WriteBatchAsync(batch, cancellationToken);

    public Instrumentation.Funnel.Stores.FunnelStoreFailure Classify(Exception error) => inner.Classify(error);

    public Task<DateTimeOffset?> FindCreatedAtAsync(string eventType, string entityId, System.Threading.CancellationToken cancellationToken) =>
        inner.FindCreatedAtAsync(eventType, entityId, cancellationToken);

    public Task<IReadOnlyList<Instrumentation.Funnel.Stores.StoredFunnelEvent>> ReadAsync(IReadOnlyCollection<string> eventTypes, System.Threading.CancellationToken cancellationToken) =>
        inner.ReadAsync(eventTypes, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
