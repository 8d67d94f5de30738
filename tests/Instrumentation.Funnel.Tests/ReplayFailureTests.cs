using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Instrumentation.Funnel.Writing;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>A spill file that cannot be read is reported and kept for the next start; the replay goes on with the others.</summary>
public sealed class ReplayFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_unreadable_spill_file_is_reported_kept_and_skipped_while_the_next_file_is_replayed()
    {
        // Opening a directory as a file fails (UnauthorizedAccessException on Linux, IOException elsewhere).
        var unreadable = Directory.CreateDirectory(_temp.File("funnel-spill-x.replaying-1.jsonl")).FullName;
        var readable = _temp.File("funnel-spill-x.replaying-2.jsonl");
        var item = TestEvents.Flow(7);
        File.WriteAllText(readable, FunnelEventConverter.Convert(in item).ToJsonLine() + "\n");

        var failed = new List<string>();
        var batch = new List<PendingFunnelEvent>();
        using var replay = new FunnelReplay(new[] { unreadable, readable });

        Assert.True(replay.ReadBatch(batch, 10, (_, error) => throw error, (file, _) => failed.Add(file)));

        Assert.Equal(new[] { unreadable }, failed);
        Assert.Equal("FlowExecuted", Assert.Single(batch).EventType);
        Assert.True(Directory.Exists(unreadable)); // kept: it is claimed again at the next start
        Assert.False(replay.ReadBatch(batch, 10, (_, error) => throw error, (file, _) => failed.Add(file)));
        Assert.False(File.Exists(readable)); // stored and done: deleted
    }

    [Fact]
    public void A_claimed_file_counts_as_pending_until_it_is_deleted_as_another_thread_sees_it()
    {
        // A flush on another thread asks HasPending; it used to see "done" for a moment while the last file was being
        // opened (dequeued, reader not yet set) or deleted (reader cleared, file still there), and the writer's flush
        // returned before the file's events were stored. An observer spins on that question while files are replayed:
        // whenever it hears "nothing pending", the file must be gone already.
        var item = TestEvents.Flow(1);
        var line = FunnelEventConverter.Convert(in item).ToJsonLine() + "\n";
        FunnelReplay? current = null;
        string? currentFile = null;
        var violations = 0;
        var done = false;
        var observer = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                var replay = Volatile.Read(ref current);
                var file = Volatile.Read(ref currentFile);
                if (replay is not null && file is not null && !replay.HasPending && File.Exists(file) && ReferenceEquals(replay, Volatile.Read(ref current)))
                {
                    Interlocked.Increment(ref violations);
                }
            }
        });
        observer.Start();
        try
        {
            var batch = new List<PendingFunnelEvent>();
            for (var i = 0; i < 1_500; i++)
            {
                var file = _temp.File("funnel-spill-x.replaying-" + i + ".jsonl");
                File.WriteAllText(file, line);
                var replay = new FunnelReplay(new[] { file });
                Volatile.Write(ref currentFile, file);
                Volatile.Write(ref current, replay);
                while (replay.ReadBatch(batch, 10, (_, error) => throw error, (_, error) => throw error))
                {
                    batch.Clear();
                }

                Assert.False(replay.HasPending);
                Assert.False(File.Exists(file));
                Volatile.Write(ref current, null);
                replay.Dispose();
            }
        }
        finally
        {
            Volatile.Write(ref done, true);
            observer.Join();
        }

        Assert.Equal(0, Volatile.Read(ref violations));
    }
}
