using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Microsoft.Extensions.Telemetry's logging attributes on <c>[LogMethod]</c> parameters, recognised by metadata name (the
/// generator takes no dependency on them): <c>[TagName("x.y")]</c> renames a field; <c>[LogProperties]</c> logs the
/// public instance properties of the argument as fields named <c>parameter.Property</c> (<c>Property</c> with
/// <c>OmitReferenceName = true</c>; a property's own <c>[TagName]</c> wins), each by the rules of any logged value —
/// classified ones redacted by their redactor, strings scrubbed, numbers kept typed — and skips properties marked
/// <c>[LogPropertyIgnore]</c>. A null argument logs its fields as null.
/// </summary>
internal static class LogPropertiesParser
{
    /// <summary>The name <c>[TagName]</c> gives <paramref name="symbol"/>, or null.</summary>
    public static string? TagName(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, "TagNameAttribute", "Microsoft", "Extensions", "Logging")
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The <c>[LogProperties]</c> attribute of a parameter, or null.</summary>
    public static AttributeData? LogProperties(IParameterSymbol parameter) =>
        parameter.GetAttributes().FirstOrDefault(a => Is(a.AttributeClass, "LogPropertiesAttribute", "Microsoft", "Extensions", "Logging"));

    /// <summary>
    /// The fields of a <c>[LogProperties]</c> parameter: one model per public instance property, its value read from
    /// the argument (<c>?.</c> when the argument can be null).
    /// </summary>
    public static IEnumerable<LogParameterModel> Expand(IParameterSymbol parameter, int parameterIndex, AttributeData attribute, LogValueTypes values, Compilation compilation)
    {
        var omitReferenceName = attribute.NamedArguments.Any(a => a.Key == "OmitReferenceName" && a.Value.Value is true);
        var type = parameter.Type;
        var nullableParent = !type.IsValueType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is not INamedTypeSymbol named)
        {
            yield break;
        }

        // The argument's own classification — on the parameter, or on its type, a base type or an interface of it
        // ([PersonalData] record Diagnosis) — classifies every field taken from it: a stranger's trial logged the
        // properties of a classified type in clear, while the same value as a plain parameter was redacted whole.
        var parentClassification = Classifications.Of(parameter);
        var parentForeign = parentClassification == 1 ? ForeignClassifications.Of(parameter, compilation) : null;
        foreach (var property in Properties(named))
        {
            var ownClassification = Classifications.OfMember(property, named);
            var classification = System.Math.Max(ownClassification, parentClassification);
            var foreign = classification != 1 ? null
                : ownClassification == 1 ? ForeignClassifications.OfMember(property, named, compilation)
                : parentForeign;
            var propertyType = property.Type;
            var liftsToNullable = nullableParent && propertyType.IsValueType
                && propertyType is not INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            var kind = LogValueKind.Runtime;
            var formatter = -1;
            var isNullableValueType = false;
            if (classification != 0)
            {
                kind = LogValueKind.Classified;
            }
            else
            {
                switch (values.Kind(propertyType, out isNullableValueType))
                {
                    case ValueTypeKind.Scalar:
                        kind = SecretScalars.IsRedacted(propertyType, property.Name, Classifications.IsNonSensitive(property)) ? LogValueKind.Runtime : LogValueKind.Scalar;
                        break;
                    case ValueTypeKind.Text:
                        kind = Classifications.IsNonSensitive(property) ? LogValueKind.SafeText : LogValueKind.Text;
                        break;
                    case ValueTypeKind.Object when !propertyType.IsValueType:
                        formatter = values.FormatterOf(propertyType);
                        kind = formatter >= 0 ? LogValueKind.Object : LogValueKind.Runtime;
                        break;
                }
            }

            var typeName = SymbolNames.Type(propertyType.WithNullableAnnotation(NullableAnnotation.None));
            if (liftsToNullable)
            {
                typeName += "?";
                isNullableValueType = true;
            }

            yield return new LogParameterModel(
                property.Name,
                typeName,
                string.Empty,
                string.Empty,
                kind,
                classification,
                TagName(property) ?? (omitReferenceName ? property.Name : parameter.Name + "." + property.Name),
                false,
                formatter,
                isNullableValueType && kind != LogValueKind.Scalar,
                kind == LogValueKind.Classified ? foreign : null,
                ParentIndex: parameterIndex,
                Access: (nullableParent ? "?.@" : ".@") + property.Name,
                HoldsSecretElements: kind == LogValueKind.Runtime && !Classifications.IsNonSensitive(property) && SecretTupleElements.Any(propertyType));
        }
    }

    /// <summary>Public instance, readable, non-indexer properties, base types first, not <c>[LogPropertyIgnore]</c>.</summary>
    private static IEnumerable<IPropertySymbol> Properties(INamedTypeSymbol type)
    {
        var levels = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && !Classifications.IsFramework(current); current = current.BaseType)
        {
            levels.Insert(0, current);
        }

        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var result = new List<IPropertySymbol>();
        foreach (var level in levels)
        {
            foreach (var property in level.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public }
                    || property.Type.IsRefLikeType
                    || property.GetAttributes().Any(a => Is(a.AttributeClass, "LogPropertyIgnoreAttribute", "Microsoft", "Extensions", "Logging")))
                {
                    continue;
                }

                var index = result.FindIndex(p => p.Name == property.Name);
                if (index >= 0)
                {
                    result[index] = property; // an override or `new` property replaces the base one
                }
                else if (seen.Add(property.Name))
                {
                    result.Add(property);
                }
            }
        }

        return result;
    }

    private static bool Is(INamedTypeSymbol? type, string name, params string[] ns)
    {
        if (type is null || type.Name != name)
        {
            return false;
        }

        var current = type.ContainingNamespace;
        for (var i = ns.Length - 1; i >= 0; i--)
        {
            if (current is null || current.Name != ns[i])
            {
                return false;
            }

            current = current.ContainingNamespace;
        }

        return current is { IsGlobalNamespace: true };
    }
}
