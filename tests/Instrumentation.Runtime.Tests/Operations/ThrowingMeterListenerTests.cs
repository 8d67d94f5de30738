using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Instrumentation.Correlation;
using Instrumentation.Operations;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// Operations whose instruments only <see cref="ThrowingMeterListenerTests"/> listens to: a plain operation (the runtime's
/// <see cref="PlainOperation"/>), one with a metric label and a flow with its active-executions counter (both generated
/// classes), each with metric names of its own so that no other test's measurements meet the throwing listener.
/// </summary>
public sealed class MeasuredServices
{
    [Operation("measured.plain", DurationMetric = "measured_plain_ms", CallsMetric = "measured_plain_total", FailuresMetric = "measured_plain_failures_total")]
    public int Plain(int value) => value + 1;

    [Operation("measured.labelled", DurationMetric = "measured_labelled_ms", CallsMetric = "measured_labelled_total", FailuresMetric = "measured_labelled_failures_total")]
    public int Labelled([MetricLabel] bool fast, int value) => fast ? value * 2 : value;

    [Flow("measured.flow", DurationMetric = "measured_flow_ms", CallsMetric = "measured_flow_total", FailuresMetric = "measured_flow_failures_total", ActiveMetric = "measured_flow_active")]
    public int Flow(int value) => value - 1;

    [Operation("measured.recorder", DurationMetric = "recorded_by_listener_ms", CallsMetric = "recorded_by_listener_total", FailuresMetric = "recorded_by_listener_failures_total")]
    public int Record(int value) => value;

    [Flow("measured.recorder.flow", DurationMetric = "recorded_by_listener_flow_ms", CallsMetric = "recorded_by_listener_flow_total", FailuresMetric = "recorded_by_listener_flow_failures_total", ActiveMetric = "recorded_by_listener_flow_active")]
    public int RecordFlow(int value) => value;

    [Operation("measured.failing", DurationMetric = "measured_failing_ms", CallsMetric = "measured_failing_total", FailuresMetric = "measured_failing_failures_total")]
    public int Failing(int value) => throw new InvalidOperationException("the method's own failure " + value);
}

/// <summary>
/// A <see cref="MeterListener"/> whose measurement callback throws (the app's own: .NET calls it on the recording
/// thread) made an annotated call throw the listener's exception after the method had run — a call that worked looked
/// failed, a failed one lost its own exception — and skipped the span's end and the correlation frame's pop. Without the
/// SDK the method recorded nothing. Now the call keeps its outcome, the span ends, the caller's span and frame are current
/// again, and the failure is counted (<see cref="MeasurementFailures"/>).
/// </summary>
public sealed class ThrowingMeterListenerTests
{
    [Fact]
    public void A_listener_that_throws_costs_the_measurements_not_the_call()
    {
        using var callerSource = new ActivitySource("measured.tests.caller");
        using var spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "measured.tests.caller" || source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(spans);
        var measured = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name.StartsWith("measured_", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, _, _, _) => { measured++; throw new InvalidOperationException("listener bug"); });
        meters.SetMeasurementEventCallback<long>((_, _, _, _) => { measured++; throw new InvalidOperationException("listener bug"); });
        meters.Start();

        var services = new MeasuredServices();
        var before = MeasurementFailures.Count;
        using (var caller = callerSource.StartActivity("caller"))
        {
            Assert.NotNull(caller);
            var frame = CorrelationContext.Current;

            Assert.Equal(8, services.Plain(7));
            Assert.Same(caller, Activity.Current);
            Assert.Same(frame, CorrelationContext.Current);

            Assert.Equal(14, services.Labelled(true, 7));
            Assert.Same(caller, Activity.Current);
            Assert.Same(frame, CorrelationContext.Current);

            Assert.Equal(6, services.Flow(7));
            Assert.Same(caller, Activity.Current);
            Assert.Same(frame, CorrelationContext.Current);

            // The method's own exception comes out, not the listener's.
            var failure = Assert.Throws<InvalidOperationException>(() => services.Failing(7));
            Assert.Equal("the method's own failure 7", failure.Message);
            Assert.Same(caller, Activity.Current);
            Assert.Same(frame, CorrelationContext.Current);
        }

        Assert.True(measured >= 4, "the listener was called " + measured + " times");
        Assert.True(MeasurementFailures.Count - before >= 4, "failures counted: " + (MeasurementFailures.Count - before));
    }

    [Fact]
    public void A_listener_that_throws_on_the_funnel_emit_failure_counter_does_not_fail_the_call_that_succeeded()
    {
        // The generated funnel code reports a failed emit from its catch, after the method succeeded: a throwing listener
        // there came out of that catch into the app.
        var measured = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "funnel_emit_failures_total")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, _, _) => { measured++; throw new InvalidOperationException("listener bug"); });
        meters.Start();
        var before = MeasurementFailures.Count;

        Instrumentation.Funnel.FunnelEvents.ReportEmitFailure("MeasuredEvent", new InvalidOperationException("a getter failed"));

        Assert.Equal(1, measured);
        Assert.True(MeasurementFailures.Count > before);
    }

    [Fact]
    public void A_listener_whose_callback_calls_an_annotated_method_does_not_measure_that_call()
    {
        // A metrics exporter that writes each measurement through an annotated repository method: each write recorded
        // measurements of its own, which called the listener again, without end (a stack overflow), as a span listener's
        // did before SdkCallout. The depth guard below keeps the old code's failure an assertion, not a crash.
        var services = new MeasuredServices();
        var depth = 0;
        var deepest = 0;
        var calls = 0;
        void Callback()
        {
            depth++;
            deepest = Math.Max(deepest, depth);
            try
            {
                if (depth <= 5)
                {
                    calls++;
                    services.Record(1);
                    services.RecordFlow(1);
                }
            }
            finally
            {
                depth--;
            }
        }

        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name.StartsWith("recorded_by_listener", StringComparison.Ordinal) || instrument.Name == "measured_plain_total" || instrument.Name == "measured_flow_total")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, _, _, _) => Callback());
        meters.SetMeasurementEventCallback<long>((_, _, _, _) => Callback());
        meters.Start();

        Assert.Equal(8, services.Plain(7));
        Assert.Equal(6, services.Flow(7));

        // One callback per measurement of the app's own calls (the plain and the flow call each record one calls
        // measurement here); the annotated calls made from the callback record nothing, so nothing calls back deeper.
        Assert.Equal(1, deepest);
        Assert.Equal(2, calls);
    }
}
