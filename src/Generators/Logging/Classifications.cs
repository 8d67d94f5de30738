using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Finds data classifications on parameters, properties, fields and record positional parameters
/// (an attribute on a record's primary-constructor parameter classifies the property too).
/// </summary>
internal static class Classifications
{
    /// <summary>
    /// 0 = none, 1 = personal, 2 = secret. Recognised by metadata name (the generator takes no dependency on them):
    /// the SDK's <c>[PersonalData]</c>/<c>[SecretData]</c> (and <c>DataClassAttribute</c> subclasses), and every other
    /// subclass of <c>Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute</c> — a custom
    /// taxonomy is personal data; <c>[NoDataClassification]</c> is not a classification.
    /// </summary>
    /// <remarks>
    /// A value's type counts too: a classification on the class, struct or interface of a parameter, property, field or
    /// local (<c>[HealthData] class Diagnosis</c>), on a base type or an implemented interface of it, classifies the value
    /// whole (a stranger's trial: such values went out in clear on spans, logs and funnel rows, with no diagnostic).
    /// An auto-property's <c>[field: …]</c> classification classifies the property.
    /// </remarks>
    public static int Of(ISymbol symbol) => System.Math.Max(System.Math.Max(Of(symbol.GetAttributes()), OfBackingField(symbol)), OfValueType(symbol));

    /// <summary>The classification of a value's type (<see cref="OfType"/>) for a parameter, property, field or local.</summary>
    private static int OfValueType(ISymbol symbol) => symbol switch
    {
        IParameterSymbol parameter => OfType(parameter.Type),
        IPropertySymbol property => OfType(property.Type),
        IFieldSymbol field => OfType(field.Type),
        ILocalSymbol local => OfType(local.Type),
        _ => 0,
    };

    /// <summary>
    /// The classification a type carries for every value of it: an attribute on the type (its underlying type for a
    /// nullable value type), on a base type or on an interface it implements. Framework types carry none.
    /// </summary>
    public static int OfType(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is not INamedTypeSymbol named || IsFramework(named))
        {
            return 0;
        }

        var result = 0;
        for (var current = named; current is not null && !IsFramework(current); current = current.BaseType)
        {
            result = System.Math.Max(result, Of(current.GetAttributes()));
        }

        foreach (var contract in named.AllInterfaces)
        {
            result = System.Math.Max(result, Of(contract.GetAttributes()));
        }

        return result;
    }

    /// <summary>The classification an auto-property's backing field carries (<c>[field: PersonalData]</c>).</summary>
    private static int OfBackingField(ISymbol symbol) =>
        symbol is IPropertySymbol property && BackingField(property) is { } field ? Of(field.GetAttributes()) : 0;

    /// <summary>An auto-property's compiler-made backing field, or null.</summary>
    public static IFieldSymbol? BackingField(IPropertySymbol property)
    {
        // Only a property declared in source can have a backing field this compilation sees (a referenced assembly's private
        // fields are not imported), and an abstract one has none: no scan of the type's members for those.
        if (property.IsAbstract || property.IsIndexer || !property.Locations.Any(l => l.IsInSource))
        {
            return null;
        }

        foreach (var member in property.ContainingType?.GetMembers() ?? ImmutableArray<ISymbol>.Empty)
        {
            if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>The classification the attributes give (<see cref="Of(ISymbol)"/>): a method's <c>[return: …]</c> attributes.</summary>
    public static int Of(IEnumerable<AttributeData> attributes)
    {
        var result = 0;
        foreach (var attribute in attributes)
        {
            result = System.Math.Max(result, OfAttribute(attribute));
        }

        return result;
    }

    private static int OfAttribute(AttributeData attribute)
    {
        for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
        {
            if (type.ContainingNamespace is { Name: "Instrumentation", ContainingNamespace.IsGlobalNamespace: true })
            {
                switch (type.Name)
                {
                    case "SecretDataAttribute": return 2;
                    case "PersonalDataAttribute": return 1;
                    case "DataClassAttribute":
                        return attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is 2 ? 2 : 1;
                }
            }

            if (IsCompliance(type, "NoDataClassificationAttribute"))
            {
                return 0;
            }

            if (IsCompliance(type, "DataClassificationAttribute"))
            {
                return 1;
            }
        }

        return 0;
    }

    /// <summary>True for <c>Microsoft.Extensions.Compliance.Classification.&lt;name&gt;</c>.</summary>
    public static bool IsCompliance(ITypeSymbol type, string name) =>
        type.Name == name
        && type.ContainingNamespace is
        {
            Name: "Classification",
            ContainingNamespace:
            {
                Name: "Compliance",
                ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } },
            },
        };

    /// <summary>The classification of a property, including the record primary-constructor parameter of the same name.</summary>
    public static int OfMember(IPropertySymbol property)
    {
        var direct = Of(property);
        if (direct != 0)
        {
            return direct;
        }

        if (property.ContainingType is { } owner && OfContract(property, owner) is var fromContract and not 0)
        {
            return fromContract;
        }

        if (property.ContainingType is { IsRecord: true } record)
        {
            foreach (var constructor in record.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name)
                    {
                        var fromParameter = Of(parameter);
                        if (fromParameter != 0)
                        {
                            return fromParameter;
                        }
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// The classification of a member of <paramref name="owner"/> (a property or field): an attribute on the
    /// member or on a member it overrides, or on a constructor parameter of the same name, in any case, in the owner or its
    /// base types (records' positional parameters, a class's primary constructor). The run-time formatter applies the same rule.
    /// </summary>
    public static int OfMember(ISymbol member, INamedTypeSymbol owner)
    {
        var result = 0;
        for (var current = member; current is not null; current = Overridden(current))
        {
            result = System.Math.Max(result, Of(current));
        }

        if (result != 0)
        {
            return result;
        }

        // A property of an interface the owner implements, of the same name: a classification on the contract
        // (interface IContact { [PersonalData] string Phone { get; } }) holds for the class that implements it. The
        // run-time formatter applies the same rule.
        if (member is IPropertySymbol)
        {
            result = OfContract(member, owner);
            if (result != 0)
            {
                return result;
            }
        }

        for (var type = owner; type is not null && !IsFramework(type); type = type.BaseType)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    // Any case: a class's primary constructor parameter is 'pin' where its property is 'Pin' (a sinks
                    // trial: class Payment([SecretData] string pin) rendered Pin = 918273; a record's was redacted).
                    if (string.Equals(parameter.Name, member.Name, System.StringComparison.OrdinalIgnoreCase))
                    {
                        result = System.Math.Max(result, Of(parameter));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The classification of a property of the same name on an interface <paramref name="owner"/> implements.</summary>
    private static int OfContract(ISymbol member, INamedTypeSymbol owner)
    {
        var result = 0;
        foreach (var contract in owner.AllInterfaces)
        {
            foreach (var declared in contract.GetMembers(member.Name))
            {
                if (declared is IPropertySymbol)
                {
                    result = System.Math.Max(result, Of(declared));
                }
            }
        }

        return result;
    }

    /// <summary>True when the symbol (or a member it overrides) is marked <c>[NonSensitiveData]</c> or Microsoft's <c>[NoDataClassification]</c>.</summary>
    public static bool IsNonSensitive(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = Overridden(current))
        {
            if (current.GetAttributes().Any(a => MetadataNames.Is(a.AttributeClass, "NonSensitiveDataAttribute")
                || (a.AttributeClass is { } c && IsCompliance(c, "NoDataClassificationAttribute"))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for framework types: namespace <c>System</c> or below.</summary>
    public static bool IsFramework(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System" };
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
