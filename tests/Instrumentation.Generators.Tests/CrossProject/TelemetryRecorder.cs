using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>Listens to one generated source/meter name: the spans stopped, the instruments published and every measurement.</summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryRecorder(string name)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == name)
                {
                    Instruments.Enqueue(instrument);
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => Measurements.Enqueue((instrument, value)));
        _meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => Measurements.Enqueue((instrument, value)));
        _meters.Start();
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Every instrument object published under the name (two objects of one name would be two series).</summary>
    public ConcurrentQueue<Instrument> Instruments { get; } = new();

    public ConcurrentQueue<(Instrument Instrument, double Value)> Measurements { get; } = new();

    public IReadOnlyList<double> ValuesOf(string instrumentName) =>
        Measurements.Where(m => m.Instrument.Name == instrumentName).Select(m => m.Value).ToList();

    /// <summary>The distinct instrument objects that received measurements under <paramref name="instrumentName"/>.</summary>
    public int RecordingInstrumentsOf(string instrumentName) =>
        Measurements.Where(m => m.Instrument.Name == instrumentName).Select(m => m.Instrument).Distinct().Count();

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
