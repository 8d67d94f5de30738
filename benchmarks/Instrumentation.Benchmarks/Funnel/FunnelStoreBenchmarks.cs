using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Instrumentation.Funnel.Stores;

namespace Instrumentation.Benchmarks.Funnel;

/// <summary>
/// The SQLite funnel store writing batches of 50 <c>FlowExecuted</c> rows (one transaction each, EdgeIngest's shape:
/// one event per flow execution) into a table that already holds 200,000 rows, with the event ids the writer used to
/// give (random, version 4) and the ones it gives now (time-ordered, version 7). The unique index over
/// <c>event_id</c> takes every row: random ids land on random pages of it. Per row (<c>OperationsPerInvoke</c>).
/// </summary>
public class FunnelStoreBenchmarks
{
    private const int BatchRows = 50;
    private const int Prefill = 200_000;

    private string _directory = "";
    private SqlFunnelStore _store = null!;
    private DateTimeOffset _clock;
    private readonly StoredFunnelEvent[] _batch = new StoredFunnelEvent[BatchRows];

    /// <summary>How event ids are made: <c>random</c> (Guid.NewGuid) or <c>time-ordered</c> (Guid.CreateVersion7).</summary>
    [Params("random", "time-ordered")]
    public string Ids { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "funnel-store-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = SqlFunnelStore.Open(Path.Combine(_directory, "events.db"));
        _store.EnsureSchemaAsync(default).GetAwaiter().GetResult();
        _clock = DateTimeOffset.UtcNow.AddDays(-1);
        var prefill = new StoredFunnelEvent[1_000];
        for (var written = 0; written < Prefill; written += prefill.Length)
        {
            Fill(prefill);
            _store.WriteBatchAsync(prefill, default).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public IReadOnlyList<bool> WriteBatch()
    {
        Fill(_batch);
        return _store.WriteBatchAsync(_batch, default).GetAwaiter().GetResult();
    }

    private void Fill(StoredFunnelEvent[] rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            _clock = _clock.AddMilliseconds(1); // 1,000 events a second
            var id = Ids == "random" ? Guid.NewGuid() : Guid.CreateVersion7(_clock);
            rows[i] = new StoredFunnelEvent("FlowExecuted", null, "org-1234", "proj-5678", null, "{\"node_count\":3,\"duration_ms\":0.42}", _clock, false, id);
        }
    }
}
