using System;
using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>
/// One metric as the code declares it: generated code describes every instrument it creates (see
/// <see cref="MetricCatalog"/>), and the SDK describes its own.
/// </summary>
public sealed class MetricDescriptor
{
    private IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? _zeroSeries;

    /// <summary>Creates a descriptor.</summary>
    /// <param name="meterName">The name of the <c>Meter</c> that creates the instrument.</param>
    /// <param name="name">The metric name as it appears at <c>/metrics</c>.</param>
    /// <param name="kind">The instrument kind.</param>
    /// <param name="unit">The unit (UCUM, for example <c>ms</c>, <c>s</c> or <c>{call}</c>).</param>
    /// <param name="description">The description (the <c># HELP</c> text).</param>
    /// <param name="labels">The labels every measurement carries, in order.</param>
    public MetricDescriptor(string meterName, string name, MetricInstrumentKind kind, string unit, string description, params MetricLabel[] labels)
    {
        if (string.IsNullOrEmpty(meterName))
        {
            throw new ArgumentException("A metric descriptor needs its meter name.", nameof(meterName));
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A metric descriptor needs a name.", nameof(name));
        }

        labels ??= Array.Empty<MetricLabel>();
        var duplicate = labels.GroupBy(l => l?.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (labels.Any(l => l is null) || duplicate is not null)
        {
            throw new ArgumentException("The labels of '" + name + "' must be distinct and not null" + (duplicate is null ? "." : " ('" + duplicate.Key + "' appears twice)."), nameof(labels));
        }

        MeterName = meterName;
        Name = name;
        Kind = kind;
        Unit = unit ?? string.Empty;
        Description = description ?? string.Empty;
        Labels = labels.ToArray();
    }

    /// <summary>The name of the <c>Meter</c> that creates the instrument.</summary>
    public string MeterName { get; }

    /// <summary>The metric name as it appears at <c>/metrics</c> (histograms add <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).</summary>
    public string Name { get; }

    /// <summary>The instrument kind.</summary>
    public MetricInstrumentKind Kind { get; }

    /// <summary>The unit.</summary>
    public string Unit { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>The labels, in the order the code adds them.</summary>
    public IReadOnlyList<MetricLabel> Labels { get; }

    /// <summary>
    /// The label sets exported with 0 before the first measurement (see <see cref="MetricCatalog.MaxZeroSeriesPerInstrument"/>):
    /// for counters and up-down counters whose labels are all enumerable, every combination of their
    /// values; empty for histograms and gauges, for labels with unknown values, and above the cap.
    /// A counter without labels has one empty label set.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> ZeroSeries => _zeroSeries ??= ComputeZeroSeries();

    /// <summary>The label named <paramref name="name"/>, or null.</summary>
    /// <param name="name">A label name.</param>
    public MetricLabel? Label(string name) => Labels.FirstOrDefault(l => l.Name == name);

    /// <inheritdoc />
    public override string ToString() =>
        Name + " (" + Kind + (Unit.Length > 0 ? ", " + Unit : string.Empty) + ")" + (Labels.Count > 0 ? " [" + string.Join("; ", Labels) + "]" : string.Empty);

    private IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> ComputeZeroSeries()
    {
        if (Kind is not (MetricInstrumentKind.Counter or MetricInstrumentKind.UpDownCounter) || Labels.Any(l => !l.IsEnumerable))
        {
            return Array.Empty<IReadOnlyList<KeyValuePair<string, string>>>();
        }

        long combinations = 1;
        foreach (var label in Labels)
        {
            combinations *= label.Values.Count;
            if (combinations > MetricCatalog.MaxZeroSeriesPerInstrument)
            {
                return Array.Empty<IReadOnlyList<KeyValuePair<string, string>>>();
            }
        }

        var result = new List<IReadOnlyList<KeyValuePair<string, string>>> { Array.Empty<KeyValuePair<string, string>>() };
        foreach (var label in Labels)
        {
            var next = new List<IReadOnlyList<KeyValuePair<string, string>>>(result.Count * label.Values.Count);
            foreach (var prefix in result)
            {
                foreach (var value in label.Values)
                {
                    next.Add(prefix.Append(new KeyValuePair<string, string>(label.Name, value)).ToArray());
                }
            }

            result = next;
        }

        return result;
    }
}
