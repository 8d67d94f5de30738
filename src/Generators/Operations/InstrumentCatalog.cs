using System.Collections.Generic;
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

    public IReadOnlyList<InstrumentModel> Instruments => _ordered;

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
                continue;
            }

            if (Describe(existing.Instrument) != Describe(instrument))
            {
                conflicts.Add(DiagnosticInfo.Create(
                    OperationDiagnostics.ConflictingMetricDefinition,
                    location,
                    instrument.Name,
                    existing.Owner.MethodDisplay,
                    Describe(existing.Instrument),
                    operation.MethodDisplay,
                    Describe(instrument)));
            }
        }

        return conflicts;
    }

    private static string Describe(InstrumentModel instrument) =>
        ClrType(instrument.Role).Replace("global::System.Diagnostics.Metrics.", string.Empty)
        + " in '" + instrument.Unit + "' with labels [" + string.Join(", ", instrument.LabelNames) + "]";
}
