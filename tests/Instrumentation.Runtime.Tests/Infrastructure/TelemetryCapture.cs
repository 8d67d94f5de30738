using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Instrumentation.Runtime.Tests.Infrastructure;

/// <summary>A recorded measurement: instrument name, value and tags.</summary>
public sealed record CapturedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Listens to the generated sources and meters of this test assembly with the real
/// <see cref="ActivityListener"/> and <see cref="MeterListener"/> APIs.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    public const string GeneratedName = "Instrumentation.Generated.Instrumentation.Runtime.Tests";

    private readonly ActivityListener? _activityListener;
    private readonly MeterListener? _meterListener;

    public TelemetryCapture(bool spans = true, bool metrics = true, ActivitySamplingResult sampling = ActivitySamplingResult.AllDataAndRecorded, bool allocateCaptures = true)
    {
        if (spans)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == GeneratedName,
                Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                    options.Parent != default && (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
                        ? ActivitySamplingResult.AllDataAndRecorded
                        : (Instrumentation.Operations.OperationSampling.IsRecordForced ? ActivitySamplingResult.AllDataAndRecorded : sampling),
                ActivityStopped = activity =>
                {
                    if (allocateCaptures)
                    {
                        Stopped.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activityListener);
        }

        if (metrics)
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == GeneratedName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            if (allocateCaptures)
            {
                _meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
                _meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
            }
            else
            {
                _meterListener.SetMeasurementEventCallback<double>((_, v, _, _) => MeasurementCount++);
                _meterListener.SetMeasurementEventCallback<long>((_, v, _, _) => MeasurementCount++);
            }

            _meterListener.Start();
        }
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public ConcurrentQueue<CapturedMeasurement> Measurements { get; } = new();

    public long MeasurementCount { get; private set; }

    public Activity Span(string name) => Stopped.Single(a => a.OperationName == name);

    public IReadOnlyList<CapturedMeasurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

    public void Dispose()
    {
        _activityListener?.Dispose();
        _meterListener?.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue(new CapturedMeasurement(instrument.Name, value, copy));
    }
}
