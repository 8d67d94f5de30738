using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Linq;
using Instrumentation.Observability;

namespace Instrumentation.Operations;

/// <summary>
/// What plain operations add to an assembly's metric catalog. The generated declarations list only the instruments
/// some operation with labels or captured values also uses; the instruments only plain operations use are described
/// and listed here, from the operations themselves (a field and a descriptor per instrument were half of the code
/// generated for a plain operation; issue 18 §7). Called by generated code; not for application code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PlainOperationMetrics
{
    /// <summary>The declared descriptors plus one per instrument of the plain operations not declared already, by name.</summary>
    /// <param name="declared">The generated descriptors.</param>
    /// <param name="operations">The assembly's plain operations.</param>
    /// <returns>Every descriptor, ordered by metric name.</returns>
    public static MetricDescriptor[] Describe(MetricDescriptor[] declared, PlainOperation[] operations)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(operations);
        var byName = new Dictionary<string, MetricDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in declared)
        {
            byName.TryAdd(descriptor.Name, descriptor);
        }

        foreach (var operation in operations)
        {
            Add(byName, operation.MeterName, operation.Duration, MetricInstrumentKind.Histogram, PlainOperation.DurationUnit, PlainOperation.DurationDescription);
            Add(byName, operation.MeterName, operation.Calls, MetricInstrumentKind.Counter, PlainOperation.CallsUnit, PlainOperation.CallsDescription);
            Add(byName, operation.MeterName, operation.Failures, MetricInstrumentKind.Counter, PlainOperation.FailuresUnit, PlainOperation.FailuresDescription);
        }

        return byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The declared instruments plus the plain operations' instruments not listed already, by name.</summary>
    /// <param name="declared">The generated instrument list.</param>
    /// <param name="operations">The assembly's plain operations.</param>
    /// <returns>Every instrument, ordered by name.</returns>
    public static Instrument[] Instruments(Instrument[] declared, PlainOperation[] operations)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(operations);
        var byName = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var instrument in declared)
        {
            byName.TryAdd(instrument.Name, instrument);
        }

        foreach (var operation in operations)
        {
            foreach (var instrument in new Instrument?[] { operation.Duration, operation.Calls, operation.Failures })
            {
                if (instrument is not null)
                {
                    byName.TryAdd(instrument.Name, instrument);
                }
            }
        }

        return byName.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();
    }

    private static void Add(Dictionary<string, MetricDescriptor> byName, string meterName, Instrument? instrument, MetricInstrumentKind kind, string unit, string description)
    {
        if (instrument is not null && !byName.ContainsKey(instrument.Name))
        {
            byName.Add(instrument.Name, new MetricDescriptor(meterName, instrument.Name, kind, unit, description));
        }
    }
}
