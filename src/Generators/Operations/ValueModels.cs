using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Classifies parameter types into <see cref="ValueModel"/>s.</summary>
internal static class ValueModels
{
    public static ValueModel From(ITypeSymbol type)
    {
        var isNullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            isNullableValue = true;
            type = nullable.TypeArguments[0];
        }

        var kind = Classify(type);
        var cases = EquatableArray<string>.Empty;
        var members = kind == ValueKind.Enum ? EnumMembers(type, out cases) : EquatableArray<string>.Empty;
        return new ValueModel(
            kind,
            isNullableValue,
            type.IsReferenceType || type.TypeKind == TypeKind.TypeParameter,
            SymbolNames.Type(type),
            members,
            cases);
    }

    private static ValueKind Classify(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return ValueKind.Enum;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return ValueKind.String;
            case SpecialType.System_Boolean:
                return ValueKind.Bool;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
                return ValueKind.Integer;
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_UInt64:
                return ValueKind.Floating;
        }

        if (type.Name == "Guid" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
        {
            return ValueKind.Guid;
        }

        return ValueKind.Other;
    }

    /// <summary>
    /// Enum member names with distinct values, in declaration order (first name wins). A name declared twice (CS0102, the
    /// user's error) cannot be named at all — <c>Kind.Other</c> is ambiguous (CS0229) — so it is left out rather than
    /// written into generated code, and neither is a member without a name (<c>{ A, , B }</c>; found by the mutation fuzzer).
    /// </summary>
    /// <remarks>
    /// <paramref name="cases"/>, in the same order: empty where generated code names the member, or the member's constant
    /// where naming it raises a diagnostic in the generated file (<c>[Obsolete(…, true)]</c>: CS0619, which no pragma
    /// removes; <c>[Obsolete(DiagnosticId = …)]</c>, <c>[Experimental]</c>: a stranger's trial), so that the generated
    /// switch reads <c>case (Plan)(2):</c> instead.
    /// </remarks>
    private static EquatableArray<string> EnumMembers(ITypeSymbol type, out EquatableArray<string> cases)
    {
        var constants = new List<string>();
        var seen = new HashSet<object>();
        var names = new List<string>();
        var declared = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            declared[member.Name] = declared.TryGetValue(member.Name, out var count) ? count + 1 : 1;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } value } field && field.Name.Length > 0 && declared[field.Name] == 1 && seen.Add(value))
            {
                names.Add(field.Name);
                constants.Add(NamingRaisesDiagnostic(field) ? System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty);
            }
        }

        cases = constants.ToEquatableArray();
        return names.ToEquatableArray();
    }

    private static bool NamingRaisesDiagnostic(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name == "System.Diagnostics.CodeAnalysis.ExperimentalAttribute"
                || (name == "System.ObsoleteAttribute"
                    && ((attribute.ConstructorArguments.Length == 2 && attribute.ConstructorArguments[1].Value is true)
                        || attribute.NamedArguments.Any(n => n.Key == "DiagnosticId" && n.Value.Value is string { Length: > 0 }))))
            {
                return true;
            }
        }

        return false;
    }
}
