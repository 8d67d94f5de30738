using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>
/// Personal or secret data inside an object that a sink writes whole (a <c>[LogMethod]</c> parameter of a record, a
/// hand-written <c>LogInformation("{Contact}", contact)</c>): the first public instance member, up to six levels down and through
/// collections, whose name or type says personal or secret data (<see cref="PersonalDataRules"/>) and that is neither
/// classified nor <c>[NonSensitiveData]</c>. Every sink renders such an object member by member or by its
/// <c>ToString()</c>, and both write that member as it is (the free-text scrubber finds e-mail addresses and card numbers,
/// not phone numbers, names of secrets' owners or dates of birth).
/// </summary>
internal static class UnclassifiedMembers
{
    private const int MaxDepth = 6;

    /// <summary>The member's path from the object (<c>Contact.PhoneNumber</c> → <c>PhoneNumber</c>), the member, and what it looks like; or null.</summary>
    public static (string Path, ISymbol Member, (string Kind, string Attribute) Match)? First(KnownSymbols symbols, ITypeSymbol? type) =>
        type is null ? null : symbols.UnclassifiedMembers.GetOrAdd(type, t => First(symbols, t, new TypeWalkVisits(), 0));

    private static (string Path, ISymbol Member, (string Kind, string Attribute) Match)? First(KnownSymbols symbols, ITypeSymbol? type, TypeWalkVisits visited, int depth)
    {
        if (type is null || depth > MaxDepth || type.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return First(symbols, array.ElementType, visited, depth + 1);
        }

        if (type is not INamedTypeSymbol named || named.TypeKind is TypeKind.Enum or TypeKind.Delegate || !visited.Enter(named, depth))
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || PersonalDataAnalyzer.IsFramework(named))
        {
            if (!WritesItsArguments(named))
            {
                // Lazy<T>, Task<T>, WeakReference<T>...: the sinks write a placeholder that contains no value.
                return null;
            }

            // A tuple's element names exist only at compile time: the sinks write (tuple-user, TuplePw1) for a
            // (string User, string Password), so a secret- or personal-named element is reported here (a newcomer's trial
            // found one in clear on a span, a log field and a log message, with no warning).
            if (named.IsTupleType)
            {
                foreach (var element in named.TupleElements)
                {
                    if (element.CorrespondingTupleField is { } field && field.Name != element.Name
                        && (PersonalDataRules.MatchType(element.Type) ?? PersonalDataRules.MatchName(element.Name, element.Type)) is { } elementMatch)
                    {
                        return (element.Name, element, elementMatch);
                    }
                }
            }

            // A collection or wrapper of the framework: its type arguments are what it writes.
            foreach (var argument in named.TypeArguments)
            {
                if (First(symbols, argument, visited, depth + 1) is { } inArgument)
                {
                    return inArgument;
                }
            }

            return null;
        }

        for (var level = named; level is not null && !PersonalDataAnalyzer.IsFramework(level); level = level.BaseType)
        {
            foreach (var member in level.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || (member.IsImplicitlyDeclared && member is not IPropertySymbol))
                {
                    continue;
                }

                // What the SDK's sinks read (LogValueFormatter, the generated formatters): a public getter, not an indexer.
                var memberType = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (memberType is null || symbols.IsDeclaredNonSensitive(member) || PersonalDataAnalyzer.IsClassified(symbols, member))
                {
                    // A classified member is redacted whole by the SDK's sinks; a [NonSensitiveData] one was decided safe.
                    continue;
                }

                if (PersonalDataRules.MatchType(memberType) is { } typeMatch)
                {
                    return (member.Name, member, typeMatch);
                }

                if (PersonalDataRules.MatchName(member.Name, memberType) is { } match)
                {
                    return (member.Name, member, match);
                }

                if (ComputedFromClassified.Match(symbols, member, named) is { } computed)
                {
                    return (member.Name, member, computed);
                }

                if (First(symbols, memberType, visited, depth + 1) is { } nested)
                {
                    return (member.Name + "." + nested.Path, nested.Member, nested.Match);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the sinks write the values of a framework type's type arguments (LogValueShapes): a nullable value, a
    /// collection, a key-value pair or a tuple; not another generic type of System (<c>Lazy&lt;T&gt;</c>, <c>Task&lt;T&gt;</c>),
    /// which they write as a placeholder. Microsoft's types are rendered as objects, through their members of those types.
    /// </summary>
    private static bool WritesItsArguments(INamedTypeSymbol named)
    {
        var root = named.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        if (named.TypeArguments.Length == 0 || root?.Name != "System")
        {
            return true;
        }

        return named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            || named.IsTupleType
            || named.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.KeyValuePair<TKey, TValue>"
            || (named.Name == "Tuple" && named.ContainingNamespace.ToDisplayString() == "System")
            || named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            || named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);
    }
}
