using System;
using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>A label of a metric, with the values the compilation knows it can take.</summary>
public sealed class MetricLabel
{
    private MetricLabel(string name, MetricLabelValues kind, string[] values)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A metric label needs a name.", nameof(name));
        }

        Name = name;
        ValueKind = kind;
        Values = values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The label name as it appears at <c>/metrics</c>.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Values"/> is complete, a declared expectation, or empty because any value can occur.</summary>
    public MetricLabelValues ValueKind { get; }

    /// <summary>The known values (empty for <see cref="MetricLabelValues.Unknown"/>).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>True when every value is listed or expected values are declared (a zero series can be published for each).</summary>
    public bool IsEnumerable => ValueKind != MetricLabelValues.Unknown && Values.Count > 0;

    /// <summary>A label whose values cannot be listed (tenant ids).</summary>
    /// <param name="name">The label name.</param>
    public static MetricLabel Unknown(string name) => new(name, MetricLabelValues.Unknown, Array.Empty<string>());

    /// <summary>A label that can only take <paramref name="values"/>.</summary>
    /// <param name="name">The label name.</param>
    /// <param name="values">Every value it can take.</param>
    public static MetricLabel Closed(string name, params string[] values) => new(name, MetricLabelValues.Closed, values ?? Array.Empty<string>());

    /// <summary>A label whose expected values are declared; others can occur.</summary>
    /// <param name="name">The label name.</param>
    /// <param name="values">The declared values.</param>
    public static MetricLabel Expected(string name, params string[] values) => new(name, MetricLabelValues.Expected, values ?? Array.Empty<string>());

    /// <inheritdoc />
    public override string ToString() =>
        ValueKind == MetricLabelValues.Unknown ? Name : Name + (ValueKind == MetricLabelValues.Closed ? " ∈ {" : " ~ {") + string.Join(", ", Values) + "}";
}
