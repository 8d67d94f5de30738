using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers.Contract;

/// <summary>An item as one declaration (an attribute on a method) contributes it, with where it is declared.</summary>
internal sealed class DeclaredItem
{
    public DeclaredItem(TelemetryItem item, Location location)
    {
        Item = item;
        Location = location;
    }

    public TelemetryItem Item { get; }

    public Location Location { get; }
}

/// <summary>
/// The telemetry items a method's attributes declare, computed from symbols by the rules the generators use: an
/// operation attribute gives its span and its instruments (<see cref="AttributeInstruments"/>, shared naming in
/// <see cref="GeneratorNameRules"/>), <c>[LogMethod]</c> a log event (id from <see cref="LogEventIds"/>),
/// <c>[FunnelEvent]</c> a funnel event.
/// </summary>
internal static class TelemetryItemCollector
{
    private static readonly string[] LevelNames = { "Trace", "Debug", "Information", "Warning", "Error", "Critical", "None" };

    public static IEnumerable<DeclaredItem> Collect(IMethodSymbol method, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
            if (IsOperationAttribute(type, symbols))
            {
                if (Span(method, attribute, symbols) is { } span)
                {
                    yield return new DeclaredItem(span, location);
                }

                foreach (var metric in AttributeInstruments.Plan(method, attribute, symbols, location))
                {
                    yield return new DeclaredItem(Metric(metric), location);
                }
            }
            else if (SymbolEqualityComparer.Default.Equals(type, symbols.LogMethod))
            {
                yield return new DeclaredItem(Log(method, attribute, symbols), location);
            }
            else if (SymbolEqualityComparer.Default.Equals(type, symbols.FunnelEvent) && Funnel(method, attribute, symbols) is { } funnel)
            {
                yield return new DeclaredItem(funnel, location);
            }
        }
    }

    /// <summary>
    /// <c>Histogram&lt;double&gt;</c> → <c>histogram</c>, <c>UpDownCounter&lt;long&gt;</c> → <c>upDownCounter</c>: the
    /// <c>MetricInstrumentKind</c> in camel case, as telemetry.json writes it (docs/telemetry-catalog.md).
    /// </summary>
    public static string InstrumentKind(string instrument)
    {
        var generic = instrument.IndexOf('<');
        return CamelCase(generic < 0 ? instrument : instrument.Substring(0, generic));
    }

    /// <summary>
    /// A log event's category as the catalog identifies it: the full name of the declaring type, without <c>global::</c>,
    /// generic arity as <c>`1</c>, nested types joined by '.'.
    /// </summary>
    public static string Category(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "." + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private static TelemetryItem Metric(MetricDeclaration metric) => new(TelemetryItemKind.Metric, metric.Name)
    {
        Word = InstrumentKind(metric.Instrument),
        Unit = metric.Unit,
        Labels = (metric.LabelDetails ?? Enumerable.Empty<TelemetryLabel>()).OrderBy(l => l.Name, System.StringComparer.Ordinal).ToList(),
    };

    private static TelemetryItem? Span(IMethodSymbol method, AttributeData attribute, KnownSymbols symbols)
    {
        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string name || !GeneratorNameRules.IsAcceptedSpanName(name))
        {
            return null;
        }

        var kind = attribute.AttributeClass!.Name;
        kind = kind.EndsWith("Attribute", System.StringComparison.Ordinal) ? kind.Substring(0, kind.Length - "Attribute".Length) : kind;
        var tenantScoped = !method.IsStatic && AttributeInstruments.IsTenantScoped(method.ContainingType, symbols);
        var names = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            var whole = AttributeInstruments.IsTenantContext(parameter.Type, symbols) || AttributeInstruments.IsTenantScoped(parameter.Type, symbols);
            if (whole || symbols.Has(parameter, symbols.OrgId))
            {
                names.Add("org_id");
            }

            if (whole || symbols.Has(parameter, symbols.ProjectId))
            {
                names.Add("project_id");
            }

            if (symbols.Has(parameter, symbols.DeviceUuid))
            {
                names.Add("device_uuid");
            }

            if (symbols.Get(parameter, symbols.SpanAttribute) is { } spanAttribute)
            {
                names.Add(TelemetryItem.Classified(NameOrSnakeCase(spanAttribute, parameter.Name), symbols.ClassificationName(parameter)));
            }
        }

        if (tenantScoped)
        {
            names.Add("org_id");
            names.Add("project_id");
        }

        return new TelemetryItem(TelemetryItemKind.Span, name) { Word = CamelCase(kind), Names = Sorted(names) };
    }

    private static TelemetryItem Log(IMethodSymbol method, AttributeData attribute, KnownSymbols symbols)
    {
        var level = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int value && value >= 0 && value < LevelNames.Length ? LevelNames[value] : "Information";
        var id = 0;
        string? name = null;
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == "EventId" && pair.Value.Value is int given)
            {
                id = given;
            }
            else if (pair.Key == "EventName" && pair.Value.Value is string givenName)
            {
                name = givenName;
            }
        }

        if (id == 0)
        {
            id = LogEventIds.StableId(method.Name);
        }

        var fields = new List<string>();
        var placeholders = TemplateFieldNames.Placeholders(attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null);
        foreach (var parameter in method.Parameters)
        {
            if (IsLoggerOrException(parameter.Type, symbols))
            {
                continue;
            }

            fields.Add(TelemetryItem.Classified(TagName(parameter) ?? TemplateFieldNames.For(parameter.Name, placeholders), symbols.ClassificationName(parameter)));
        }

        return new TelemetryItem(TelemetryItemKind.Log, Category(method.ContainingType) + ":" + id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Word = string.IsNullOrEmpty(name) ? method.Name : name!,
            Level = level,
            Names = Sorted(fields),
        };
    }

    private static TelemetryItem? Funnel(IMethodSymbol method, AttributeData attribute, KnownSymbols symbols)
    {
        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } name || name.IndexOf(' ') >= 0)
        {
            return null;
        }

        var properties = new List<string>();
        var once = false;
        foreach (var pair in attribute.NamedArguments)
        {
            switch (pair.Key)
            {
                case "OncePerEntity" when pair.Value.Value is bool value:
                    once = value;
                    break;
                case "Properties" when pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull:
                    foreach (var entry in pair.Value.Values)
                    {
                        var text = entry.Value as string ?? string.Empty;
                        var equals = text.IndexOf('=');
                        properties.Add((equals > 0 ? text.Substring(0, equals) : text).Trim());
                    }

                    break;
                case "SinceProperty" or "DurationProperty" when pair.Value.Value is string { Length: > 0 } property:
                    properties.Add(property);
                    break;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (symbols.Get(parameter, symbols.EventProperty) is { } eventProperty)
            {
                properties.Add(TelemetryItem.Classified(NameOrSnakeCase(eventProperty, parameter.Name), symbols.ClassificationName(parameter)));
            }
        }

        var returnAttributes = method.GetReturnTypeAttributes();
        foreach (var returned in returnAttributes)
        {
            if (SymbolEqualityComparer.Default.Equals(returned.AttributeClass, symbols.EventProperty))
            {
                var property = returned.ConstructorArguments.Length > 0 && returned.ConstructorArguments[0].Value is string { Length: > 0 } given ? given : "result";
                properties.Add(TelemetryItem.Classified(property, symbols.ClassificationName(returnAttributes)));
            }
        }

        return new TelemetryItem(TelemetryItemKind.Funnel, name) { Names = Sorted(properties), OncePerEntity = once };
    }

    private static bool IsOperationAttribute(INamedTypeSymbol type, KnownSymbols symbols)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, symbols.InstrumentedOperation))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoggerOrException(ITypeSymbol type, KnownSymbols symbols)
    {
        if (symbols.Logger is not null && (SymbolEqualityComparer.Default.Equals(type, symbols.Logger) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, symbols.Logger))))
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    private static string? TagName(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "TagNameAttribute" } && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    private static string NameOrSnakeCase(AttributeData attribute, string parameterName) =>
        attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name ? name : GeneratorNameRules.ToSnakeCase(parameterName);

    private static List<string> Sorted(IEnumerable<string> names) =>
        names.Where(n => n.Length > 0).Distinct(System.StringComparer.Ordinal).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
}
