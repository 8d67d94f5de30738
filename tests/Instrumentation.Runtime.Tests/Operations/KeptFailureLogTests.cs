using System;
using System.Diagnostics;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Infrastructure;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>Operations that fail: the shared plain shape, one with a span attribute, one with a labelled failures counter.</summary>
public static class KeptFailureSamples
{
    [Operation("kept.plain")]
    public static void Plain() => throw new InvalidOperationException("plain");

    [Operation("kept.tagged")]
    public static void Tagged([SpanAttribute("job.id")] string jobId) => throw new InvalidOperationException(jobId);

    [Operation("kept.labelled", FailureReasonLabel = "reason")]
    public static void Labelled() => throw new InvalidOperationException("labelled");

    public static void Call(string which)
    {
        switch (which)
        {
            case "plain": Plain(); break;
            case "tagged": Tagged("job-1"); break;
            default: Labelled(); break;
        }
    }
}

/// <summary>
/// A failed call in a trace that was not sampled is kept (its span recorded anyway, SPEC §2.7); its failure log must name
/// that span, so a backend can join the two. A newcomer's trial at the default 10 % found the failure line carrying the
/// id of the unrecorded request span instead: the kept span was created after the log.
/// </summary>
public sealed class KeptFailureLogTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new() { MinimumLevel = LogLevel.Information };
    private readonly ILoggerFactory _factory;

    public KeptFailureLogTests()
    {
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("tagged")]
    [InlineData("labelled")]
    public void The_failure_log_of_a_call_recorded_after_the_fact_carries_the_kept_spans_id(string which)
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.None);
        using var unsampled = new UnsampledParent("test.kept.failure.parent");
        var parent = unsampled.Activity;

        Assert.Throws<InvalidOperationException>(() => KeptFailureSamples.Call(which));

        var span = Assert.Single(capture.Stopped);
        Assert.True(span.Recorded);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        var failure = Assert.Single(_provider.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.Equal(span.SpanId, failure.SpanId);
        Assert.Same(parent, Activity.Current);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("tagged")]
    [InlineData("labelled")]
    public void The_failure_log_of_a_promoted_span_carries_its_id(string which)
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.PropagationData);

        Assert.Throws<InvalidOperationException>(() => KeptFailureSamples.Call(which));

        var span = Assert.Single(capture.Stopped);
        Assert.True(span.Recorded);
        var failure = Assert.Single(_provider.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.Equal(span.SpanId, failure.SpanId);
        Assert.Null(Activity.Current);
    }
}
