using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// <see cref="FunnelWriterOptions.FlushInterval"/>: a trickle of events is written in a few transactions rather than
/// one per event, a full batch is written as soon as it fills, the writer wakes per batch rather than on a timer, and
/// neither a flush nor shutdown waits for the interval.
/// The interval is set far longer than any test runs, so what is asserted does not depend on timing.
/// </summary>
public sealed class FlushIntervalTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    [Fact]
    public async Task A_trickle_of_events_waits_for_the_interval_and_a_flush_writes_it_at_once()
    {
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        var store = new CountingStore(inner);
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.FlushInterval = Long)))
        {
            for (var i = 0; i < 40; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
                await Task.Delay(2);
            }

            // The first event may be written at once (no write before it); the rest waits for the interval.
            Assert.InRange(store.Writes, 0, 1);

            // Drained within 30 s although the interval is a minute: the flush did not wait for it.
            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
            Assert.InRange(store.Writes, 1, 2);
        }

        Assert.Equal(40, await inner.CountAsync("FlowExecuted", default));
    }

    [Fact]
    public async Task A_full_batch_is_written_without_waiting_for_the_interval()
    {
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        var store = new CountingStore(inner);
        await using var writer = await FunnelWriter.StartAsync(store, _temp.Options(o =>
        {
            o.FlushInterval = Long;
            o.BatchSize = 10;
        }));

        // The first event is written at once (no write before it), which starts the interval.
        var first = TestEvents.Flow(0);
        FunnelEvents.Emit(in first);
        await WaitForRowsAsync(inner, 1);

        for (var i = 1; i <= 25; i++)
        {
            var item = TestEvents.Flow(i);
            FunnelEvents.Emit(in item);
        }

        // Two full batches of 10 are written without a flush; the last 5 events wait for the interval.
        await WaitForRowsAsync(inner, 21);
        Assert.Equal(21, await inner.CountAsync("FlowExecuted", default));
        Assert.Equal(3, store.Writes);
    }

    [Fact]
    public async Task Shutdown_writes_a_held_back_batch_without_waiting_for_the_interval()
    {
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        // Shutdown gives up after ShutdownFlushTimeout (30 s, less than the interval) and spills what is left,
        // so 500 stored rows show it did not wait for the interval.
        await using (var writer = await FunnelWriter.StartAsync(inner, _temp.Options(o => o.FlushInterval = Long)))
        {
            // The first event is written at once and starts the interval; the other 499 are held back by it.
            var first = TestEvents.Flow(0);
            FunnelEvents.Emit(in first);
            await WaitForRowsAsync(inner, 1);
            for (var i = 1; i < 500; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }
        }

        Assert.Equal(500, await inner.CountAsync("FlowExecuted", default));
    }

    [Fact]
    public async Task By_default_a_steady_stream_is_written_in_a_few_transactions_not_one_per_event()
    {
        // The default was zero: EdgeIngest's funnel writer then committed once per flow execution into the SQLite file the
        // app writes, emptying the app connection's page cache each time (issue 18 §2). At 100 ms, 200 events emitted
        // over at least 200 ms take a handful of transactions; one per event would be 200.
        Assert.Equal(TimeSpan.FromMilliseconds(100), new FunnelWriterOptions().FlushInterval);
        Assert.Equal(FunnelWriterOptions.DefaultFlushInterval, new FunnelWriterOptions().FlushInterval);
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        var store = new CountingStore(inner);
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            for (var i = 0; i < 200; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
                await Task.Delay(1);
            }

            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(200, await inner.CountAsync("FlowExecuted", default));
        Assert.InRange(store.Writes, 1, 99);
    }

    [Fact]
    public async Task Under_a_steady_stream_the_writer_wakes_per_batch_and_does_not_poll()
    {
        // The writer used to wait in 10 ms timer polls while it held a partial batch back (about ten wake-ups per
        // 100 ms interval, a hundred a second on the thread pool, in EdgeIngest at any load) and blocked a pool thread
        // while the buffer was empty. Now the emit that fills a batch, the end of the interval, a flush or shutdown
        // ends one wait on the buffer: about two waits per interval here (one for the next event after a write, one
        // for the rest of the interval). Polling would wait at least 40 times in these 400 ms.
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        var store = new CountingStore(inner);
        await using var writer = await FunnelWriter.StartAsync(store, _temp.Options());
        var started = DateTime.UtcNow;
        var emitted = 0;
        while (DateTime.UtcNow - started < TimeSpan.FromMilliseconds(400))
        {
            var item = TestEvents.Flow(emitted++);
            FunnelEvents.Emit(in item);
            await Task.Delay(5);
        }

        var waits = writer.Waits;
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(emitted, await inner.CountAsync("FlowExecuted", default));
        Assert.InRange(store.Writes, 1, 12);
        Assert.InRange(waits, 1, 20);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61_000)]
    public void A_flush_interval_out_of_range_is_refused_with_a_clear_message(int milliseconds)
    {
        var options = new FunnelWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(milliseconds) };
        Assert.Contains("FlushInterval", Assert.Throws<ArgumentException>(() => options.Validate()).Message);
    }

    private static async Task WaitForRowsAsync(SqlFunnelStore store, long rows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await store.CountAsync("FlowExecuted", default) < rows && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>A real store that counts its write transactions.</summary>
    private sealed class CountingStore(IFunnelStore inner) : PassThroughStore(inner)
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return base.WriteBatchAsync(batch, cancellationToken);
        }
    }
}
