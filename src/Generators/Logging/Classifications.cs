using System.Collections.Generic;
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
    public const int MaxDepth = 2;

    /// <summary>0 = none, 1 = personal, 2 = secret.</summary>
    public static int Of(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (type.ContainingNamespace is { Name: "Instrumentation", ContainingNamespace.IsGlobalNamespace: true })
                {
                    switch (type.Name)
                    {
                        case "SecretDataAttribute": return 2;
                        case "PersonalDataAttribute": return 1;
                        case "DataClassificationAttribute":
                            return attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is 2 ? 2 : 1;
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>The classification of a property, including the record primary-constructor parameter of the same name.</summary>
    public static int OfMember(IPropertySymbol property)
    {
        var direct = Of(property);
        if (direct != 0)
        {
            return direct;
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

    public static bool HasClassifiedMembers(ITypeSymbol type, int depth)
    {
        if (depth > MaxDepth || !IsComplex(type))
        {
            return false;
        }

        foreach (var property in Properties(type))
        {
            if (OfMember(property) != 0 || HasClassifiedMembers(property.Type, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    public static EquatableArray<MemberModel> Members(ITypeSymbol type, int depth)
    {
        var members = new List<MemberModel>();
        foreach (var property in Properties(type))
        {
            var classification = OfMember(property);
            var nested = classification == 0 && HasClassifiedMembers(property.Type, depth + 1)
                ? Members(property.Type, depth + 1)
                : EquatableArray<MemberModel>.Empty;
            members.Add(new MemberModel(property.Name, SymbolNames.Type(property.Type), property.Type.Name, classification, property.Type.IsReferenceType, nested));
        }

        return members.ToEquatableArray();
    }

    private static bool IsComplex(ITypeSymbol type) =>
        type.SpecialType == SpecialType.None
        && type.TypeKind is TypeKind.Class or TypeKind.Struct
        && !type.IsRefLikeType
        && type.ContainingNamespace?.ToDisplayString().StartsWith("System", System.StringComparison.Ordinal) != true;

    private static IEnumerable<IPropertySymbol> Properties(ITypeSymbol type) =>
        type.GetMembers()
            .OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && !p.IsIndexer && p.GetMethod is not null && p.DeclaredAccessibility == Accessibility.Public && p.Name != "EqualityContract");
}
