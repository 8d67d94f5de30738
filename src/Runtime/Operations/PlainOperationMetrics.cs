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
        return ByName(declared, operations.SelectMany(Descriptors), d => d.Name);
    }

    /// <summary>The declared instruments plus the plain operations' instruments not listed already, by name.</summary>
    /// <param name="declared">The generated instrument list.</param>
    /// <param name="operations">The assembly's plain operations.</param>
    /// <returns>Every instrument, ordered by name.</returns>
    public static Instrument[] Instruments(Instrument[] declared, PlainOperation[] operations)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(operations);
        return ByName(declared, operations.SelectMany(InstrumentsOf), i => i.Name);
    }

    /// <summary>The first item of each name (the declared ones first), ordered by name.</summary>
    private static T[] ByName<T>(IEnumerable<T> declared, IEnumerable<T> added, Func<T, string> nameOf)
    {
        var byName = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in declared.Concat(added))
        {
            if (item is not null)
            {
                byName.TryAdd(nameOf(item), item);
            }
        }

        return byName.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToArray();
    }

    private static IEnumerable<Instrument> InstrumentsOf(PlainOperation operation)
    {
        if (operation.Duration is { } duration)
        {
            yield return duration;
        }

        if (operation.Calls is { } calls)
        {
            yield return calls;
        }

        if (operation.Failures is { } failures)
        {
            yield return failures;
        }
    }

    private static IEnumerable<MetricDescriptor> Descriptors(PlainOperation operation)
    {
        if (operation.Duration is { } duration)
        {
            yield return new MetricDescriptor(operation.MeterName, duration.Name, MetricInstrumentKind.Histogram, PlainOperation.DurationUnit, PlainOperation.DurationDescription);
        }

        if (operation.Calls is { } calls)
        {
            yield return new MetricDescriptor(operation.MeterName, calls.Name, MetricInstrumentKind.Counter, PlainOperation.CallsUnit, PlainOperation.CallsDescription);
        }

        if (operation.Failures is { } failures)
        {
            yield return new MetricDescriptor(operation.MeterName, failures.Name, MetricInstrumentKind.Counter, PlainOperation.FailuresUnit, PlainOperation.FailuresDescription);
        }
    }
}
