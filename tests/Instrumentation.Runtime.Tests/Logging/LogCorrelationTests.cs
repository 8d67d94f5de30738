using System.Diagnostics;
using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// The correlation of a log line is the one in force when the line was written, whenever a sink reads it: a batching
/// exporter enumerates the state after the span has ended and another one is current. The ids are read from the
/// captured activity (immutable once started), not from <see cref="Activity.Current"/> at read time.
/// </summary>
public sealed class LogCorrelationTests
{
    [Fact]
    public void A_line_read_after_its_span_ended_and_another_started_carries_the_ids_of_the_call()
    {
        using var source = new ActivitySource("Tests.LogCorrelation");
        using var listener = SampleAll(source.Name);

        LogCorrelation captured;
        string traceId, spanId;
        using (var written = source.StartActivity("written"))
        {
            captured = LogCorrelation.Capture(null);
            traceId = written!.TraceId.ToHexString();
            spanId = written.SpanId.ToHexString();
        }

        using var later = source.StartActivity("later", ActivityKind.Internal, parentContext: default);
        Assert.NotEqual(traceId, later!.TraceId.ToHexString());
        Assert.Equal(2, captured.Count);
        Assert.Equal(("trace_id", traceId), (captured[0].Key, (string?)captured[0].Value));
        Assert.Equal(("span_id", spanId), (captured[1].Key, (string?)captured[1].Value));
    }

    [Fact]
    public void No_ids_outside_a_span_under_a_non_w3c_span_or_where_the_line_writes_them_itself()
    {
        using var source = new ActivitySource("Tests.LogCorrelation.None");
        using var listener = SampleAll(source.Name);

        Assert.Equal(0, LogCorrelation.Capture(null).Count);
        using (source.StartActivity("w3c"))
        {
            Assert.Equal(2, LogCorrelation.Capture(null).Count);
            Assert.Equal(0, LogCorrelation.Capture(["trace_id"]).Count);
            Assert.Equal(0, LogCorrelation.Capture(["span_id"]).Count);
        }

        var hierarchical = new Activity("hierarchical");
        hierarchical.SetIdFormat(ActivityIdFormat.Hierarchical);
        hierarchical.Start();
        try
        {
            Assert.Equal(0, LogCorrelation.Capture(null).Count);
        }
        finally
        {
            hierarchical.Stop();
        }
    }

    private static ActivityListener SampleAll(string sourceName)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
