using System.Linq;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>
/// <see cref="TelemetryCapture.LoggerFactory"/> is one factory for the whole process (routing keeps tests apart). A
/// test that disposes it out of habit (<c>using var factory = capture.LoggerFactory;</c>) must not take logging away
/// from every later test (it threw <see cref="System.ObjectDisposedException"/> in the next test's CreateLogger).
/// </summary>
[Collection(nameof(UnrecordedParentTests))]
public sealed class SharedLoggerFactoryTests
{
    [Fact]
    public void Disposing_the_capture_logger_factory_does_not_break_the_next_capture()
    {
        using (var first = TelemetryCapture.Start())
        {
            using var factory = first.LoggerFactory;
            factory.CreateLogger("first").LogInformation("one");
            Assert.Single(first.Logs);
        }

        using var capture = TelemetryCapture.Start();
        capture.LoggerFactory.CreateLogger("second").LogInformation("two");

        Assert.Equal("two", capture.Logs.Single().Message);
    }
}
