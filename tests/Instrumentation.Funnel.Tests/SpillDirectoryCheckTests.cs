using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// The spill directory is where events the store has not taken at shutdown go. One that cannot be written (the app's
/// folder in a container with a read-only file system: the default is next to the app) lost them with an error only at
/// shutdown; the writer now says so when it starts, while the setting can still be changed.
/// </summary>
public sealed class SpillDirectoryCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    [Fact]
    public async Task A_spill_directory_that_cannot_be_written_is_a_warning_when_the_writer_starts()
    {
        // A path under a file cannot become a directory, whoever runs the test (root ignores read-only modes).
        File.WriteAllText(_temp.File("a-file"), "not a directory");
        var spill = Path.Combine(_temp.File("a-file"), "funnel-spill");
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var store = SqlFunnelStore.Open(_temp.File("events.db"));

        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.SpillDirectory = spill), factory))
        {
            var warning = Assert.Single(logs.Lines, line => line.Message.Contains("SpillDirectory", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains(Path.GetFullPath(spill), warning.Message, StringComparison.Ordinal);
            Assert.Contains("would be lost", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_writable_spill_directory_says_nothing_and_is_not_left_behind_when_nothing_was_spilled()
    {
        var spill = _temp.File("spill-not-yet");
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var store = SqlFunnelStore.Open(_temp.File("events.db"));

        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options(o => o.SpillDirectory = spill), factory))
        {
            Assert.DoesNotContain(logs.Lines, line => line.Message.Contains("SpillDirectory", StringComparison.Ordinal));
            Assert.False(Directory.Exists(spill), "the check leaves no directory next to the app");
        }
    }
}
