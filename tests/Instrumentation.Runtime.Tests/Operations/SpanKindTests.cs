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
    public void A_failed_call_kept_from_an_unsampled_trace_keeps_its_kind()
    {
        var operations = new SpanKindOperations();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Instrumentation.Generated", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        listener.ActivityStopped = a => stopped.Enqueue(a);
        ActivitySource.AddActivityListener(listener);

        Assert.Throws<InvalidOperationException>(() => operations.Handle(fail: true));

        var kept = Assert.Single(stopped, a => a.OperationName == "kinds.handle" && a.Recorded);
        Assert.Equal(ActivityKind.Consumer, kept.Kind);
    }
}
