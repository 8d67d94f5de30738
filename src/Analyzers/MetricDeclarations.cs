using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>One metric instrument: its name, instrument type, unit and (when known) label names.</summary>
internal sealed class MetricDeclaration
{
    public MetricDeclaration(string name, string instrument, string unit, IReadOnlyList<string>? labels, Location location, string origin, bool fromAttribute)
    {
        Name = name;
        Instrument = instrument;
        Unit = unit;
        Labels = labels;
        Location = location;
        Origin = origin;
        FromAttribute = fromAttribute;
    }

    public string Name { get; }

    /// <summary><c>Counter&lt;long&gt;</c>, <c>Histogram&lt;double&gt;</c>, <c>UpDownCounter&lt;long&gt;</c>, <c>Gauge&lt;long&gt;</c>...</summary>
    public string Instrument { get; }

    public string Unit { get; }

    /// <summary>Sorted label names, or null when they cannot be told (no recording seen, tags not followable).</summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>For an operation attribute's instrument: its labels with their values (the telemetry contract compares them).</summary>
    public IReadOnlyList<Contract.TelemetryLabel>? LabelDetails { get; set; }

    public Location Location { get; }

    /// <summary>Who declares it, for the message (<c>[Ingest] on 'C.M'</c>, <c>Meter.CreateCounter</c>).</summary>
    public string Origin { get; }

    public bool FromAttribute { get; }

    /// <summary>The unit compared: UCUM annotations such as <c>{call}</c> are dimensionless, like no unit.</summary>
    public string ComparableUnit => Unit.StartsWith("{", System.StringComparison.Ordinal) && Unit.EndsWith("}", System.StringComparison.Ordinal) ? string.Empty : Unit;

    public string Describe() =>
        Instrument + (Unit.Length > 0 ? " in '" + Unit + "'" : " without unit") + (Labels is null ? string.Empty : " with labels [" + string.Join(", ", Labels) + "]");

    /// <summary>True when the two cannot be one metric: instrument type, unit, or (both known) label set differ.</summary>
    public bool ConflictsWith(MetricDeclaration other) =>
        Instrument != other.Instrument
        || ComparableUnit != other.ComparableUnit
        || (Labels is not null && other.Labels is not null && !Labels.SequenceEqual(other.Labels));
}

/// <summary>Everything INS1022 needs, gathered during the compilation and compared once at its end.</summary>
internal sealed class MetricDeclarations
{
    private readonly ConcurrentDictionary<ISymbol, RecordedLabels> _recordings = new(SymbolEqualityComparer.Default);

    public ConcurrentBag<MetricDeclaration> Declarations { get; } = new();

    /// <summary>The field, property or local a hand-written instrument is stored in.</summary>
    public ConcurrentDictionary<MetricDeclaration, ISymbol> Holders { get; } = new();

    /// <summary>The symbol that receives the result of <c>Meter.CreateXxx(...)</c>, or null.</summary>
    public static ISymbol? StoredIn(IInvocationOperation creation)
    {
        var parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => property.Property,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            _ => null,
        };
    }

    public void AddRecording(IInvocationOperation recording, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        ISymbol? holder = recording.Instance is null ? null : OperationHelpers.Unwrap(recording.Instance) switch
        {
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property => property.Property.OriginalDefinition,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (holder is null)
        {
            return;
        }

        var tags = new TagSet();
        MetricTags.OfInvocation(recording, symbols, tags, followTagLists: true, cancellationToken);
        var labels = _recordings.GetOrAdd(holder, _ => new RecordedLabels());
        lock (labels)
        {
            labels.Opaque |= tags.Opaque;
            foreach (var tag in tags.Tags)
            {
                if (tag.ConstantKey is { } key)
                {
                    labels.Keys.Add(key);
                }
                else
                {
                    labels.Opaque = true;
                }
            }
        }
    }

    public void ReportConflicts(CompilationAnalysisContext context)
    {
        foreach (var pair in Holders)
        {
            if (_recordings.TryGetValue(pair.Value.OriginalDefinition, out var recorded) && !recorded.Opaque)
            {
                pair.Key.Labels = recorded.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList();
            }
        }

        foreach (var group in Declarations.GroupBy(d => d.Name, System.StringComparer.Ordinal))
        {
            // Deterministic: the first declaration by file path and position is the reference.
            var ordered = group
                .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            var first = ordered[0];
            foreach (var later in ordered.Skip(1))
            {
                if ((later.FromAttribute && first.FromAttribute) || !later.ConflictsWith(first))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.DuplicateMetricName,
                    later.Location,
                    new[] { first.Location },
                    later.Name,
                    later.Describe(),
                    first.Describe(),
                    first.Origin + At(first.Location)));
            }
        }
    }

    private static string At(Location location)
    {
        var span = location.GetLineSpan();
        return span.IsValid ? " at " + System.IO.Path.GetFileName(span.Path) + ":" + (span.StartLinePosition.Line + 1) : string.Empty;
    }

    private sealed class RecordedLabels
    {
        public HashSet<string> Keys { get; } = new(System.StringComparer.Ordinal);

        public bool Opaque { get; set; }
    }
}
