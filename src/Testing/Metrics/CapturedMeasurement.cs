using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Instrumentation.Testing.Internal;

namespace Instrumentation.Testing;

/// <summary>One measurement recorded in the scope of a <see cref="TelemetryCapture"/>.</summary>
public sealed class CapturedMeasurement
{
    internal CapturedMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Instrument = instrument.Name;
        Meter = instrument.Meter.Name;
        Unit = instrument.Unit;
        Kind = KindOf(instrument);
        Value = value;
        var copy = new Dictionary<string, object?>(tags.Length, StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Tags = copy;
    }

    /// <summary>The instrument name, for example <c>ingest_messages_total</c>.</summary>
    public string Instrument { get; }

    /// <summary>The meter the instrument belongs to.</summary>
    public string Meter { get; }

    /// <summary>The instrument's unit, if declared.</summary>
    public string? Unit { get; }

    /// <summary>The kind of instrument.</summary>
    public CapturedInstrumentKind Kind { get; }

    /// <summary>The measured value (integers are converted exactly up to 2^53).</summary>
    public double Value { get; }

    /// <summary>The measurement's tags (labels).</summary>
    public IReadOnlyDictionary<string, object?> Tags { get; }

    /// <summary>True when every pair in <paramref name="tags"/> is among <see cref="Tags"/> with a matching value.</summary>
    /// <param name="tags">Pairs such as <c>("org", "a")</c>; values match by equality or by invariant text (an enum matches its name).</param>
    public bool HasTags(params (string Key, object? Value)[] tags) => TagValues.ContainsAll(Tags, tags);

    /// <summary>The measurement for failure messages.</summary>
    public override string ToString() => $"{Instrument} {TagValues.Text(Value)} {TagValues.Format(Tags)}";

    private static CapturedInstrumentKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return CapturedInstrumentKind.Other;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return CapturedInstrumentKind.Counter;
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return CapturedInstrumentKind.UpDownCounter;
        }

        if (definition == typeof(Histogram<>))
        {
            return CapturedInstrumentKind.Histogram;
        }

        return definition == typeof(Gauge<>) ? CapturedInstrumentKind.Gauge : CapturedInstrumentKind.Other;
    }
}
