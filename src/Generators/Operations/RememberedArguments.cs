using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Which arguments a failed call keeps with its exception (<c>ClassifiedArguments.Remember</c>), so that an exception
/// message quoting them — .NET's own do: <c>The given key 'Ada Lovelace' was not present in the dictionary.</c> — is
/// redacted on every sink: a classified value of any type that can be held as an object (a string, number, date,
/// <c>Guid</c>, enum, collection, a value of a type parameter, an object), and an unclassified object whose members are
/// classified (a message may quote <c>person.FullName</c>). Not an <c>out</c> parameter, a <c>[NonSensitiveData]</c> one,
/// a flag, a ref struct or a pointer. The run time reads their text only when the call fails.
/// </summary>
internal static class RememberedArguments
{
    public static bool Applies(IParameterSymbol parameter, ITypeSymbol type, int classification)
    {
        if (!CanBeHeld(type) || type.SpecialType == SpecialType.System_Boolean || Logging.Classifications.IsNonSensitive(parameter))
        {
            return false;
        }

        // A by-ref argument kept only for its members is not read on the failure path: the reference may be one the
        // method was meant to reject (Span2D.DangerousCreate(ref Unsafe.AsRef<int>(null), -1, …) throws
        // ArgumentOutOfRangeException; reading the argument after it turned that into a NullReferenceException —
        // CommunityToolkit.HighPerformance's tests, 2026-12-08).
        return classification != 0 || (parameter.RefKind == RefKind.None && HasClassifiedMembers(type));
    }

    private static bool CanBeHeld(ITypeSymbol type) =>
        !type.IsRefLikeType
        && type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer)
        && !(type is IArrayTypeSymbol { ElementType.TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Array })
        && !(type is ITypeParameterSymbol { AllowsRefLikeType: true });

    /// <summary>
    /// Whether a value of <paramref name="type"/> may have classified parts a message can quote: a class or struct of the
    /// app's own with a classified public member, its own or a base type's, or with a member whose type may have one
    /// (<c>order.Customer.Email</c>); an interface of the app's, <see cref="object"/> or a type parameter (the run-time type
    /// decides: a stranger's trial quoted a classified interface property of an argument typed as the interface); the
    /// elements of an array or of a framework collection, the value of a <c>Nullable</c>, the elements of a tuple.
    /// </summary>
    private static bool HasClassifiedMembers(ITypeSymbol type) =>
        MayHaveClassifiedParts(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), depth: 0);

    private static bool MayHaveClassifiedParts(ITypeSymbol type, HashSet<ITypeSymbol> seen, int depth)
    {
        if (depth > MaxDepth || !seen.Add(type))
        {
            return false;
        }

        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return !parameter.AllowsRefLikeType;
            case IArrayTypeSymbol array:
                return MayHaveClassifiedParts(array.ElementType, seen, depth + 1);
            case INamedTypeSymbol named:
                break;
            default:
                return false;
        }

        var namedType = (INamedTypeSymbol)type;
        if (namedType.TypeKind == TypeKind.Delegate)
        {
            return false;
        }

        if (namedType.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        if (Logging.Classifications.IsFramework(namedType))
        {
            // A collection, a Nullable, a KeyValuePair, a tuple: what its type arguments may hold.
            return namedType.TypeArguments.Any(argument => MayHaveClassifiedParts(argument, seen, depth + 1));
        }

        if (namedType.TypeKind == TypeKind.Interface)
        {
            return true;
        }

        if (namedType.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        if (Logging.Classifications.OfType(namedType) != 0)
        {
            return true;
        }

        for (var current = namedType; current is not null && !Logging.Classifications.IsFramework(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not ((IPropertySymbol or IFieldSymbol) and { IsStatic: false, DeclaredAccessibility: Accessibility.Public })
                    || Logging.Classifications.IsNonSensitive(member))
                {
                    continue;
                }

                var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                if (Logging.Classifications.OfMember(member, namedType) != 0 || MayHaveClassifiedParts(memberType, seen, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How deep the run time looks (<c>ClassifiedArguments</c>): deeper members are not read.</summary>
    private const int MaxDepth = 4;
}
