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

        return classification != 0 || HasClassifiedMembers(type);
    }

    private static bool CanBeHeld(ITypeSymbol type) =>
        !type.IsRefLikeType
        && type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer)
        && !(type is IArrayTypeSymbol { ElementType.TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Array })
        && !(type is ITypeParameterSymbol { AllowsRefLikeType: true });

    /// <summary>A class or struct of the app's own with a classified public member (its own or a base type's).</summary>
    private static bool HasClassifiedMembers(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || Logging.Classifications.IsFramework(named))
        {
            return false;
        }

        for (var current = named; current is not null && !Logging.Classifications.IsFramework(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is (IPropertySymbol or IFieldSymbol) and { IsStatic: false, DeclaredAccessibility: Accessibility.Public }
                    && Logging.Classifications.OfMember(member, named) != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
