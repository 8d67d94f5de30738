using System;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Correlation;

/// <summary>An operation whose body writes a line of the app's own (see <see cref="FirstLineCorrelationTests"/>).</summary>
public static class FirstLineOperations
{
    public static ILogger? AppLogger { get; set; }

    /// <summary>The request id the correlation in force held when the line was written (what every sink reads).</summary>
    public static string? SeenRequestId { get; set; }

    [Operation("first_line.handle")]
    public static int Handle([LogField("request_id")] string requestId)
    {
        AppLogger?.LogInformation("Org created");
        SeenRequestId = CorrelationContext.Current?.Get("request_id");
        return requestId.Length;
    }
}

/// <summary>
/// A newcomer's trial of EdgeIngest: after every start, the first API log line had no <c>request_id</c> — the app turns the
/// operation log category off and its default level is Warning, so frames were only requested once some line was written,
/// and the operation writing that first line had started without one. Frames wait for a first line only where no line
/// can be written at all; an app whose default level writes lines pushes them from the start.
/// </summary>
public sealed class FirstLineCorrelationTests : IDisposable
{
    public void Dispose() => InstrumentationLogging.Reset();

    [Fact]
    public void The_first_line_an_app_writes_inside_an_operation_carries_its_fields_when_the_operation_log_is_off()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("App", LogLevel.Information)
            .AddFilter(OperationLog.Category, LogLevel.None)
            .AddProvider(provider));
        CorrelationContext.SetEnabled(false);
        InstrumentationLogging.Use(factory);
        FirstLineOperations.AppLogger = factory.CreateLogger("App");
        try
        {
            FirstLineOperations.Handle("req-1");

            Assert.Single(provider.Logs, l => l.Message == "Org created");
            Assert.Equal("req-1", FirstLineOperations.SeenRequestId);
        }
        finally
        {
            FirstLineOperations.AppLogger = null;
            FirstLineOperations.SeenRequestId = null;
        }
    }

    [Fact]
    public void With_every_level_off_frames_still_wait_for_a_first_line()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.None).AddProvider(new CapturingLoggerProvider()));
        CorrelationContext.SetEnabled(false);
        InstrumentationLogging.Use(factory);

        Assert.False(CorrelationContext.IsEnabled);
    }
}
