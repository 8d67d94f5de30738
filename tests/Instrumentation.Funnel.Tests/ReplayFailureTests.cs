using System;
using System.Collections.Generic;
using System.IO;
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
}
