using System;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

public sealed class SpanKindOperations
{
    [Operation("kinds.charge", Kind = ActivityKind.Client)]
    public int Charge(int amount) => amount;

    [Operation("kinds.publish", Kind = ActivityKind.Producer)]
    public int Publish([SpanAttribute("messaging.destination.name")] string queue) => queue.Length;

    [Operation("kinds.handle", Kind = ActivityKind.Consumer)]
    public void Handle(bool fail)
    {
        if (fail)
        {
            throw new InvalidOperationException("handler failed");
        }
    }

    [Operation("kinds.local")]
    public int Local() => 1;
}

/// <summary>
/// A migration trial found every span of the SDK <c>Internal</c>: a hand-written <c>Client</c> payment call and a
/// <c>Producer</c> outbox publish lost their kind, which service maps and messaging views read. <c>Kind</c> on the
/// operation attribute sets it — for a plain operation, one with span attributes, and a failed call recorded after the
/// fact in a trace that was not sampled.
/// </summary>
public sealed class SpanKindTests
{
    [Fact]
    public void The_attributes_kind_is_the_spans_kind_on_every_path()
    {
        var operations = new SpanKindOperations();
        using (var capture = TelemetryCapture.Start())
        {
            operations.Charge(5);
            operations.Publish("orders");
            operations.Local();
            Assert.Throws<InvalidOperationException>(() => operations.Handle(fail: true));

            Assert.Equal(ActivityKind.Client, capture.Span("kinds.charge").Activity.Kind);
            Assert.Equal(ActivityKind.Producer, capture.Span("kinds.publish").Activity.Kind);
            Assert.Equal(ActivityKind.Consumer, capture.Span("kinds.handle").Activity.Kind);
            Assert.Equal(ActivityKind.Internal, capture.Span("kinds.local").Activity.Kind);
        }
    }

    [Fact]
    public void A_failed_call_recorded_after_the_fact_under_an_unrecorded_parent_keeps_its_kind()
    {
        // Under parent-based sampling no span is started below an unrecorded parent; the failure is recorded after the
        // fact (OperationTracing's StartAfterTheFact), the path that creates a span of its own, with the operation's kind.
        const string parentSourceName = "test.span_kind.parent";
        using var parentSource = new ActivitySource(parentSourceName);
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == parentSourceName || s.Name.StartsWith("Instrumentation.Generated", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source.Name == parentSourceName ? ActivitySamplingResult.PropagationData
                : Instrumentation.Operations.OperationSampling.IsRecordForced ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.PropagationData,
            ActivityStopped = a => stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(listener);
        Instrumentation.Operations.OperationSettings.ParentBasedSampling = true;
        try
        {
            using var parent = parentSource.StartActivity("unrecorded");
            Assert.False(parent!.Recorded);

            Assert.Throws<InvalidOperationException>(() => new SpanKindOperations().Handle(fail: true));
        }
        finally
        {
            Instrumentation.Operations.OperationSettings.ParentBasedSampling = false;
        }

        var kept = Assert.Single(stopped, a => a.OperationName == "kinds.handle");
        Assert.True(kept.Recorded);
        Assert.Equal("error", kept.GetTagItem(Instrumentation.Operations.OperationTracing.KeptBecauseTag));
        Assert.Equal(ActivityKind.Consumer, kept.Kind);
    }
}
