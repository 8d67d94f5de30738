using System.Linq;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

public static partial class MigratedLog
{
    [LogMethod(LogLevel.Error, "{Message}", EventId = 0, EventName = "ERROR")]
    public static partial void Error(ILogger logger, string message);

    [LogMethod(LogLevel.Information, "derived")]
    public static partial void Derived(ILogger logger);
}

/// <summary>
/// A team migrating <c>LoggerMessage.Define(LogLevel.Error, new EventId(0, "ERROR"), "{Message}")</c> wrote
/// <c>EventId = 0</c> and got event id 69805, a hash of the method name (a newcomer's trial): an id that is written is
/// kept, 0 included, as <c>[LoggerMessage]</c> keeps it; only an id not written is derived.
/// </summary>
public sealed class ExplicitEventIdTests
{
    [Fact]
    public void An_event_id_written_as_zero_is_kept_and_one_not_written_is_derived()
    {
        var provider = new CapturingLoggerProvider();
        using (var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider)))
        {
            var logger = factory.CreateLogger("migrated");
            MigratedLog.Error(logger, "boom");
            MigratedLog.Derived(logger);
        }

        var logs = provider.Logs.ToList();
        Assert.Equal(new EventId(0, "ERROR"), logs[0].EventId);
        Assert.Equal("ERROR", logs[0].EventId.Name);
        Assert.Equal("Derived", logs[1].EventId.Name);
        Assert.NotEqual(0, logs[1].EventId.Id);
    }
}
