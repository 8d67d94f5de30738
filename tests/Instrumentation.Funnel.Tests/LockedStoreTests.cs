using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// A store another process holds locked, at start and at shutdown: an operator's trial locked the SQLite file from another process and
/// stopped the app; the writer kept retrying (each try waiting out a 30 s busy timeout) past its 2 s
/// <see cref="FunnelWriterOptions.ShutdownFlushTimeout"/>, and Docker's SIGKILL, 10 s after SIGTERM, took every buffered
/// event before the spill file was written. Now a write that fails during shutdown ends the wait and what is left is
/// spilled at once (and SQLite waits 5 s for a lock, not 30).
/// </summary>
public sealed class LockedStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    [Fact]
    public async Task A_store_that_fails_during_shutdown_is_not_retried_until_the_timeout_and_every_event_is_spilled()
    {
        await using var inner = SqlFunnelStore.Open(_temp.File("events.db"));
        var store = new FailingStore(inner);
        var options = _temp.Options(o =>
        {
            o.ShutdownFlushTimeout = TimeSpan.FromSeconds(20);
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        var writer = await FunnelWriter.StartAsync(store, options);
        store.Failing = true;
        for (var i = 0; i < 100; i++)
        {
            var item = TestEvents.Flow(i);
            FunnelEvents.Emit(in item);
        }

        await TestEvents.WaitUntilAsync(() => store.Attempts >= 1, "a failed write before shutdown");
        var attemptsBeforeShutdown = store.Attempts;
        await writer.DisposeAsync();

        // Before: the shutdown retried with backoff (50 ms doubling to 5 s) for its whole 20 s, about eight more tries.
        Assert.InRange(store.Attempts - attemptsBeforeShutdown, 0, 1);
        Assert.Equal(100, writer.Spilled);
        Assert.Equal(0, writer.Lost);

        // Nothing is lost: the next writer on this store (now answering) stores every spilled event.
        store.Failing = false;
        await using (var next = await FunnelWriter.StartAsync(store, options))
        {
            await next.FlushAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(100, await inner.CountAsync("FlowExecuted", default));
    }

    [Theory]
    [InlineData(0, 5_000)] // the default: 5 s, not the 30 s that held a locked file's host start for 31 s
    [InlineData(2, 2_000)] // an app's own store timeout (EdgeIngest's --store-timeout 2 waited the funnel's 5 s)
    public async Task A_sqlite_connection_waits_for_a_lock_as_long_as_the_store_was_opened_with(int seconds, long expectedMilliseconds)
    {
        await using var store = seconds == 0 ? SqlFunnelStore.Open(_temp.File("wait.db")) : SqlFunnelStore.Open(_temp.File("wait.db"), TimeSpan.FromSeconds(seconds));
        await using var connection = await store.OpenSqliteAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(expectedMilliseconds, (long)(await command.ExecuteScalarAsync())!);
        Assert.Equal(expectedMilliseconds / 1000, connection.DefaultTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlFunnelStore.Open(_temp.File("x.db"), TimeSpan.FromMilliseconds(100)));
    }

    /// <summary>A real store whose writes fail while <see cref="Failing"/> is set (the lock another process holds).</summary>
    private sealed class FailingStore(SqlFunnelStore inner) : PassThroughStore(inner)
    {
        private int _attempts;

        public volatile bool Failing;

        public int Attempts => Volatile.Read(ref _attempts);

        public override Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
        {
            if (!Failing)
            {
                return base.WriteBatchAsync(batch, cancellationToken);
            }

            Interlocked.Increment(ref _attempts);
            return Task.FromException<IReadOnlyList<bool>>(new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", 5));
        }
    }
}
