using System.Collections.Generic;
using System.Linq;
using Instrumentation.Analyzers.Contract;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>
/// The instruments an operation attribute declares, derived exactly as the generator's
/// <c>InstrumentPlanner</c> derives them (default names per kind, <c>[Operation]</c> names from the span name,
/// "" turns one off; units; labels from tenant opt-ins, bounded <c>[MetricLabel]</c> parameters and the
/// failure reason). Replicated here because the analyzers do not reference the generator assembly.
/// </summary>
internal static class AttributeInstruments
{
    private const int Duration = 1, Calls = 2, Failures = 4, Messages = 8, BatchSize = 16, Active = 32, QueueSize = 64;

    public static IEnumerable<MetricDeclaration> Plan(IMethodSymbol method, AttributeData attribute, KnownSymbols symbols, Location location)
    {
        var kind = attribute.AttributeClass?.Name;
        if (method.MethodKind != MethodKind.Ordinary || (method.IsAsync && method.ReturnsVoid) || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            // Shapes the generator does not instrument (INS0007) declare no instruments.
            yield break;
        }

        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string spanName
            || !GeneratorNameRules.IsAcceptedSpanName(spanName))
        {
            yield break;
        }

        var named = new Dictionary<string, TypedConstant>();
        foreach (var pair in attribute.NamedArguments)
        {
            named[pair.Key] = pair.Value;
        }

        var tenantScopedType = !method.IsStatic && IsTenantScoped(method.ContainingType, symbols);
        var hasOrg = tenantScopedType;
        var hasProject = tenantScopedType;
        var hasBatch = false;
        var hasQueueSize = false;
        var labels = new List<(string Name, int Targets, TelemetryLabel Values)>();
        foreach (var parameter in method.Parameters)
        {
            var whole = IsTenantContext(parameter.Type, symbols) || IsTenantScoped(parameter.Type, symbols);
            hasOrg |= whole || symbols.Has(parameter, symbols.OrgId);
            hasProject |= whole || symbols.Has(parameter, symbols.ProjectId);
            hasBatch |= symbols.Has(parameter, symbols.Batch);
            hasQueueSize |= symbols.Has(parameter, symbols.QueueSize);
            if (symbols.Get(parameter, symbols.MetricLabel) is { } label && !symbols.IsClassified(parameter) && IsRecordedLabel(parameter, symbols))
            {
                var name = label.ConstructorArguments.Length > 0 && label.ConstructorArguments[0].Value is string { Length: > 0 } given ? given : GeneratorNameRules.ToSnakeCase(parameter.Name);
                var targets = 127;
                foreach (var pair in label.NamedArguments)
                {
                    if (pair.Key == "AppliesTo" && pair.Value.Value is int applies)
                    {
                        targets = applies;
                    }
                }

                labels.Add((name, targets, new TelemetryLabel(name, LabelValuesKind.Closed, ClosedValues(parameter, symbols))));
            }
        }

        var orgTargets = hasOrg && named.TryGetValue("OrgLabel", out var org) && org.Value is int orgValue ? orgValue : 0;
        var projectTargets = hasProject && named.TryGetValue("ProjectLabel", out var project) && project.Value is int projectValue ? projectValue : 0;
        string? failureReason = named.TryGetValue("FailureReasonLabel", out var reason) && reason.Value is string reasonText
            ? (reasonText.Length == 0 ? null : reasonText)
            : (kind is "FlowAttribute" or "FlowNodeAttribute" || DeclaresFailureReasons(named) ? "reason" : null);

        var origin = "[" + kind?.Replace("Attribute", string.Empty) + "] on '" + method.ContainingType.Name + "." + method.Name + "'";
        var defaults = Defaults(kind, spanName);
        var planned = new (int Flag, string Property, string? Default, bool Applies, string Instrument, string Unit)[]
        {
            (Duration, "DurationMetric", defaults.Duration, true, "Histogram<double>", "ms"),
            (Calls, "CallsMetric", defaults.Calls, true, "Counter<long>", "{call}"),
            (Failures, "FailuresMetric", defaults.Failures, true, "Counter<long>", "{failure}"),
            (Messages, "MessagesMetric", defaults.Messages, kind is "IngestAttribute" or "OperationAttribute" && hasBatch, "Counter<long>", "{message}"),
            (BatchSize, "BatchSizeMetric", defaults.BatchSize, kind is "IngestAttribute" or "OperationAttribute" && hasBatch, "Histogram<long>", "{message}"),
            (Active, "ActiveMetric", defaults.Active, kind is "FlowAttribute" or "OperationAttribute", "UpDownCounter<long>", "{execution}"),
            (QueueSize, "QueueSizeMetric", defaults.QueueSize, kind == "BroadcastAttribute" && hasQueueSize, "Gauge<long>", "{item}"),
        };

        foreach (var (flag, property, defaultName, applies, instrument, unit) in planned)
        {
            if (!applies)
            {
                continue;
            }

            var name = named.TryGetValue(property, out var configured) && configured.Value is string configuredName ? configuredName : defaultName;
            if (string.IsNullOrEmpty(name) || !GeneratorNameRules.IsAcceptedMetricName(name!))
            {
                continue;
            }

            var labelNames = new SortedSet<string>(System.StringComparer.Ordinal);
            var details = new List<TelemetryLabel>();
            void Add(TelemetryLabel label)
            {
                if (labelNames.Add(label.Name))
                {
                    details.Add(label);
                }
            }

            if ((orgTargets & flag) != 0)
            {
                Add(new TelemetryLabel("org", LabelValuesKind.Unknown, new string[0]));
            }

            if ((projectTargets & flag) != 0)
            {
                Add(new TelemetryLabel("project", LabelValuesKind.Unknown, new string[0]));
            }

            foreach (var (_, targets, values) in labels)
            {
                if ((targets & flag) != 0)
                {
                    Add(values);
                }
            }

            if (flag == Failures && failureReason is not null)
            {
                Add(new TelemetryLabel(failureReason, LabelValuesKind.Expected, NormalizeValues(FailureReasons(named))));
            }

            yield return new MetricDeclaration(name!, instrument, unit, labelNames.ToList(), location, origin, fromAttribute: true) { LabelDetails = details };
        }
    }

    /// <summary>
    /// The values a closed label takes, as the generator's <c>LabelValueSets.Of</c> lists them: enum members (distinct
    /// values, first name) in snake case, <c>false</c>/<c>true</c>, or the bounded strings; then <c>other</c> (enums and
    /// strings) and <c>none</c> (nullable value types).
    /// </summary>
    private static List<string> ClosedValues(IParameterSymbol parameter, KnownSymbols symbols)
    {
        var nullable = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        var type = nullable ? ((INamedTypeSymbol)parameter.Type).TypeArguments[0] : parameter.Type;
        var values = new List<string>();
        if (type.TypeKind == TypeKind.Enum)
        {
            var seen = new HashSet<object>();
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } value } field && seen.Add(value))
                {
                    values.Add(GeneratorNameRules.ToSnakeCase(field.Name));
                }
            }

            values.Add("other");
        }
        else if (type.SpecialType == SpecialType.System_Boolean)
        {
            values.Add("false");
            values.Add("true");
        }
        else
        {
            if (symbols.Get(parameter, symbols.BoundedValues) is { ConstructorArguments.Length: > 0 } bounded && bounded.ConstructorArguments[0].Kind == TypedConstantKind.Array)
            {
                values.AddRange(bounded.ConstructorArguments[0].Values.Select(v => v.Value as string).Where(v => v is not null)!);
            }

            values.Add("other");
        }

        if (nullable)
        {
            values.Add("none");
        }

        return NormalizeValues(values);
    }

    /// <summary>Distinct non-empty values in ordinal order, then <c>other</c> and <c>none</c> when present (the generator's <c>LabelValueSets.Normalize</c>).</summary>
    internal static List<string> NormalizeValues(IEnumerable<string> values)
    {
        var all = values.Where(v => !string.IsNullOrEmpty(v)).Distinct(System.StringComparer.Ordinal).ToList();
        return all.Where(v => v is not ("other" or "none")).OrderBy(v => v, System.StringComparer.Ordinal)
            .Concat(new[] { "other", "none" }.Where(all.Contains))
            .ToList();
    }

    private static IEnumerable<string> FailureReasons(IReadOnlyDictionary<string, TypedConstant> named) =>
        named.TryGetValue("FailureReasons", out var reasons) && reasons.Kind == TypedConstantKind.Array && !reasons.IsNull
            ? reasons.Values.Select(v => v.Value as string ?? string.Empty)
            : Enumerable.Empty<string>();

    /// <summary>The generator records a label only for enums, bools and strings with declared values.</summary>
    private static bool IsRecordedLabel(IParameterSymbol parameter, KnownSymbols symbols)
    {
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        if (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean)
        {
            return true;
        }

        return type.SpecialType == SpecialType.System_String
            && symbols.Get(parameter, symbols.BoundedValues) is { ConstructorArguments.Length: > 0 } bounded
            && bounded.ConstructorArguments[0].Kind == TypedConstantKind.Array
            && bounded.ConstructorArguments[0].Values.Any(v => v.Value is string);
    }

    internal static bool IsTenantContext(ITypeSymbol type, KnownSymbols symbols)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return symbols.TenantContext is not null && SymbolEqualityComparer.Default.Equals(type, symbols.TenantContext);
    }

    internal static bool IsTenantScoped(ITypeSymbol? type, KnownSymbols symbols)
    {
        if (type is null || symbols.TenantScoped is null)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(type, symbols.TenantScoped)
            || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, symbols.TenantScoped));
    }

    private static (string? Duration, string? Calls, string? Failures, string? Messages, string? BatchSize, string? Active, string? QueueSize) Defaults(string? kind, string spanName)
    {
        switch (kind)
        {
            case "IngestAttribute":
                return ("ingest_processing_latency_ms", "ingest_calls_total", "ingest_failures_total", "ingest_messages_total", "ingest_batch_size", null, null);
            case "BroadcastAttribute":
                return ("broadcast_latency_ms", "broadcast_calls_total", "broadcast_failures_total", null, null, null, "broadcast_queue_size");
            case "FlowAttribute":
                return ("flow_exec_duration_ms", "flow_exec_total", "flow_failures_total", null, null, "flow_exec_active", null);
            case "FlowNodeAttribute":
                return ("node_exec_duration_ms", "node_exec_total", "node_failures_total", null, null, null, null);
            default:
                var stem = GeneratorNameRules.ToSnakeCase(spanName).Replace("-", "_").Replace("/", "_");
                return (stem + "_duration_ms", stem + "_calls_total", stem + "_failures_total", stem + "_messages_total", stem + "_batch_size", null, null);
        }
    }

    /// <summary>Whether <c>FailureReasons</c> lists any reason: then, as in the generator, failures get the <c>reason</c> label by default.</summary>
    private static bool DeclaresFailureReasons(System.Collections.Generic.IReadOnlyDictionary<string, TypedConstant> named) =>
        named.TryGetValue("FailureReasons", out var reasons) && reasons.Kind == TypedConstantKind.Array && !reasons.IsNull && reasons.Values.Length > 0;
}
