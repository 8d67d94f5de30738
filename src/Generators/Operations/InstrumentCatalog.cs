using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The compilation-wide set of instruments: one static field per metric name, shared by every
/// operation that records it. Declaring one name with different types, units or labels is INS0005.
/// </summary>
internal sealed class InstrumentCatalog
{
    private readonly Dictionary<string, (InstrumentModel Instrument, OperationModel Owner)> _byName = new();
    private readonly List<InstrumentModel> _ordered = new();
    private readonly Dictionary<string, List<LabelValuesModel>> _labelValues = new();

    public IReadOnlyList<InstrumentModel> Instruments => _ordered;

    /// <summary>
    /// The labels of the instrument <paramref name="name"/> with their values merged over every operation
    /// that records it: the union of the listed values; one declaration with unknown values makes the label
    /// unknown; closed and expected values together are expected.
    /// </summary>
    public IReadOnlyList<LabelValuesModel> LabelValues(string name) =>
        _labelValues.TryGetValue(name, out var labels) ? labels : new List<LabelValuesModel>();

    /// <summary>The catalog's instrument kind: counter, histogram, up-down counter or gauge.</summary>
    public static string Kind(InstrumentRole role) => role switch
    {
        InstrumentRole.Duration or InstrumentRole.BatchSize => "Histogram",
        InstrumentRole.Active => "UpDownCounter",
        InstrumentRole.QueueSize => "Gauge",
        _ => "Counter",
    };

    public static string ClrType(InstrumentRole role) => role switch
    {
        InstrumentRole.Duration => "global::System.Diagnostics.Metrics.Histogram<double>",
        InstrumentRole.BatchSize => "global::System.Diagnostics.Metrics.Histogram<long>",
        InstrumentRole.Active => "global::System.Diagnostics.Metrics.UpDownCounter<long>",
        InstrumentRole.QueueSize => "global::System.Diagnostics.Metrics.Gauge<long>",
        _ => "global::System.Diagnostics.Metrics.Counter<long>",
    };

    public static string Factory(InstrumentRole role) => role switch
    {
        InstrumentRole.Duration => "CreateHistogram<double>",
        InstrumentRole.BatchSize => "CreateHistogram<long>",
        InstrumentRole.Active => "CreateUpDownCounter<long>",
        InstrumentRole.QueueSize => "CreateGauge<long>",
        _ => "CreateCounter<long>",
    };

    public static string FieldName(string metricName) => "M_" + CSharpLiteral.IdentifierFragment(metricName);

    /// <summary>
    /// Adds an operation's instruments; returns a diagnostic (at <paramref name="location"/>) for each
    /// conflicting redefinition.
    /// </summary>
    public IEnumerable<DiagnosticInfo> Add(OperationModel operation, Microsoft.CodeAnalysis.Location? location = null)
    {
        var conflicts = new List<DiagnosticInfo>();
        foreach (var instrument in operation.Instruments)
        {
            if (!_byName.TryGetValue(instrument.Name, out var existing))
            {
                _byName[instrument.Name] = (instrument, operation);
                _ordered.Add(instrument);
                _labelValues[instrument.Name] = new List<LabelValuesModel>(instrument.LabelValues);
                continue;
            }

            if (Describe(existing.Instrument) == Describe(instrument))
            {
                Merge(_labelValues[instrument.Name], instrument.LabelValues);
            }
            else
            {
                conflicts.Add(DiagnosticInfo.Create(
                    OperationDiagnostics.ConflictingMetricDefinition,
                    location,
                    instrument.Name,
                    existing.Owner.MethodDisplay,
                    Describe(existing.Instrument),
                    operation.MethodDisplay,
                    Describe(instrument),
                    instrument.Role + "Metric"));
            }
        }

        return conflicts;
    }

    private static void Merge(List<LabelValuesModel> merged, EquatableArray<LabelValuesModel> more)
    {
        for (var i = 0; i < merged.Count; i++)
        {
            var current = merged[i];
            var other = more.FirstOrDefault(l => l.Name == current.Name);
            if (other is null || current.Kind == LabelValueKind.Unknown)
            {
                continue;
            }

            var kind = other.Kind == LabelValueKind.Unknown ? LabelValueKind.Unknown
                : current.Kind == LabelValueKind.Closed && other.Kind == LabelValueKind.Closed ? LabelValueKind.Closed
                : LabelValueKind.Expected;
            var values = kind == LabelValueKind.Unknown
                ? EquatableArray<string>.Empty
                : Union(current.Values, other.Values);
            merged[i] = new LabelValuesModel(current.Name, kind, values);
        }
    }

    private static EquatableArray<string> Union(EquatableArray<string> left, EquatableArray<string> right) =>
        LabelValueSets.Normalize(left.Concat(right)).ToEquatableArray();

    private static string Describe(InstrumentModel instrument) =>
        ClrType(instrument.Role).Replace("global::System.Diagnostics.Metrics.", string.Empty)
        + " in '" + instrument.Unit + "' with labels [" + string.Join(", ", instrument.LabelNames) + "]";
}
