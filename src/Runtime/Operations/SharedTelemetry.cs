using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Instrumentation.Operations;

/// <summary>
/// The process-wide owner of every generated <see cref="ActivitySource"/>, <see cref="Meter"/> and
/// instrument: one source and one meter per name, one instrument per (meter, name, kind, unit).
/// </summary>
/// <remarks>
/// An annotated method of a class library is intercepted both inside the library and in every project
/// that calls it (a web app, a test project). Each of those assemblies generates code for the operation,
/// and all of it records under the declaring assembly's name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.
/// Asking this registry instead of calling <c>new Meter(...)</c> / <c>CreateCounter(...)</c> gives every
/// assembly the very same objects, so the calls add up in one series whatever the listener does with
/// look-alike instruments. The description is not part of the identity: the first one asked for wins.
/// Called by generated code; not for application code.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SharedTelemetry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, ActivitySource> Sources = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Meter> Meters = new(StringComparer.Ordinal);
    private static readonly Dictionary<InstrumentKey, Instrument> Instruments = new();

    /// <summary>The one <see cref="ActivitySource"/> named <paramref name="name"/>.</summary>
    /// <param name="name">The source name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.</param>
    /// <returns>The same instance for every call with the same name.</returns>
    public static ActivitySource Source(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate)
        {
            if (!Sources.TryGetValue(name, out var source))
            {
                source = new ActivitySource(name);
                Sources.Add(name, source);
            }

            return source;
        }
    }

    /// <summary>The one <see cref="Meter"/> named <paramref name="name"/>.</summary>
    /// <param name="name">The meter name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.</param>
    /// <returns>The same instance for every call with the same name.</returns>
    public static Meter Meter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate)
        {
            return MeterLocked(name);
        }
    }

    /// <summary>The counter <paramref name="name"/> of the meter <paramref name="meterName"/>, created once.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="meterName">The meter name.</param>
    /// <param name="name">The instrument name.</param>
    /// <param name="unit">The unit (part of the identity).</param>
    /// <param name="description">The description (the first one wins).</param>
    /// <returns>The shared instrument.</returns>
    public static Counter<T> Counter<T>(string meterName, string name, string? unit, string? description)
        where T : struct =>
        GetOrCreate(meterName, name, unit, static (meter, n, u, d) => meter.CreateCounter<T>(n, u, d), description);

    /// <summary>The histogram <paramref name="name"/> of the meter <paramref name="meterName"/>, created once.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="meterName">The meter name.</param>
    /// <param name="name">The instrument name.</param>
    /// <param name="unit">The unit (part of the identity).</param>
    /// <param name="description">The description (the first one wins).</param>
    /// <returns>The shared instrument.</returns>
    public static Histogram<T> Histogram<T>(string meterName, string name, string? unit, string? description)
        where T : struct =>
        GetOrCreate(meterName, name, unit, static (meter, n, u, d) => meter.CreateHistogram<T>(n, u, d), description);

    /// <summary>The up-down counter <paramref name="name"/> of the meter <paramref name="meterName"/>, created once.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="meterName">The meter name.</param>
    /// <param name="name">The instrument name.</param>
    /// <param name="unit">The unit (part of the identity).</param>
    /// <param name="description">The description (the first one wins).</param>
    /// <returns>The shared instrument.</returns>
    public static UpDownCounter<T> UpDownCounter<T>(string meterName, string name, string? unit, string? description)
        where T : struct =>
        GetOrCreate(meterName, name, unit, static (meter, n, u, d) => meter.CreateUpDownCounter<T>(n, u, d), description);

    /// <summary>The gauge <paramref name="name"/> of the meter <paramref name="meterName"/>, created once.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="meterName">The meter name.</param>
    /// <param name="name">The instrument name.</param>
    /// <param name="unit">The unit (part of the identity).</param>
    /// <param name="description">The description (the first one wins).</param>
    /// <returns>The shared instrument.</returns>
    public static Gauge<T> Gauge<T>(string meterName, string name, string? unit, string? description)
        where T : struct =>
        GetOrCreate(meterName, name, unit, static (meter, n, u, d) => meter.CreateGauge<T>(n, u, d), description);

    private static TInstrument GetOrCreate<TInstrument>(
        string meterName,
        string name,
        string? unit,
        Func<Meter, string, string?, string?, TInstrument> create,
        string? description)
        where TInstrument : Instrument
    {
        ArgumentNullException.ThrowIfNull(meterName);
        ArgumentNullException.ThrowIfNull(name);
        var key = new InstrumentKey(meterName, name, typeof(TInstrument), unit ?? string.Empty);
        lock (Gate)
        {
            if (Instruments.TryGetValue(key, out var existing))
            {
                return (TInstrument)existing;
            }

            // Created under the lock: a second instrument of the same identity must never exist, even briefly
            // (the meter would publish it to every listener).
            var instrument = create(MeterLocked(meterName), name, unit, description);
            Instruments.Add(key, instrument);
            return instrument;
        }
    }

    private static Meter MeterLocked(string name)
    {
        if (!Meters.TryGetValue(name, out var meter))
        {
            meter = new Meter(name);
            Meters.Add(name, meter);
        }

        return meter;
    }

    private readonly record struct InstrumentKey(string MeterName, string Name, Type Kind, string Unit);
}
