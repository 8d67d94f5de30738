using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Analyzers;

/// <summary>
/// An unclassified property computed from classified members of its own object — <c>public string Display =&gt;
/// $"{First} {Last}"</c> beside <c>[PersonalData] First</c> and <c>Last</c>: every sink that renders the object redacts
/// the classified members and writes this one as it is (a stranger's leak hunt found the full name on a span attribute, a
/// log and a funnel row, beside two <c>[REDACTED]</c>). Read from the getter's source by name: a member of the object's
/// type (or a base type) that is classified, named bare or through <c>this</c>.
/// </summary>
internal static class ComputedFromClassified
{
    /// <summary>What <paramref name="member"/> looks like and the attribute to mark it with; null when it is not computed from classified members.</summary>
    public static (string Kind, string Attribute)? Match(KnownSymbols symbols, ISymbol member, INamedTypeSymbol owner)
    {
        if (member is not IPropertySymbol { IsIndexer: false, IsAbstract: false } property || KnownSymbols.BackingField(property) is not null)
        {
            return null;
        }

        var getter = Getter(property);
        if (getter is null)
        {
            return null;
        }

        var classified = ClassifiedMembers(symbols, owner);
        if (classified.Count == 0)
        {
            return null;
        }

        var used = new List<string>();
        var secret = false;
        foreach (var identifier in getter.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var name = identifier.Identifier.ValueText;
            if (!classified.TryGetValue(name, out var attribute) || used.Contains(name) || !OfThisObject(identifier))
            {
                continue;
            }

            used.Add(name);
            secret |= attribute == "SecretData";
        }

        if (used.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", used.Select(n => "'" + n + "'"));
        return ("a value computed from its object's classified " + (used.Count == 1 ? "member " : "members ") + names, secret ? "SecretData" : "PersonalData");
    }

    /// <summary>The getter's expression or body (an expression-bodied property, or a <c>get</c> accessor with a body).</summary>
    private static SyntaxNode? Getter(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax declaration)
            {
                if (declaration.ExpressionBody is { } arrow)
                {
                    return arrow;
                }

                var get = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
                return (SyntaxNode?)get?.ExpressionBody ?? get?.Body;
            }
        }

        return null;
    }

    /// <summary>Named bare (<c>First</c>) or through <c>this</c> (<c>this.First</c>), not as a member of another object.</summary>
    private static bool OfThisObject(IdentifierNameSyntax identifier) =>
        identifier.Parent is not MemberAccessExpressionSyntax access
        || access.Expression == identifier
        || access.Expression is ThisExpressionSyntax;

    /// <summary>The classified instance members of the type and its base types, by name, with their attribute.</summary>
    private static Dictionary<string, string> ClassifiedMembers(KnownSymbols symbols, INamedTypeSymbol owner)
    {
        var result = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (var level = owner; level is not null && !PersonalDataAnalyzer.IsFramework(level); level = level.BaseType)
        {
            foreach (var candidate in level.GetMembers())
            {
                if (candidate is IPropertySymbol or IFieldSymbol && !candidate.IsStatic && !result.ContainsKey(candidate.Name)
                    && PersonalDataAnalyzer.IsClassified(symbols, candidate))
                {
                    result[candidate.Name] = symbols.ClassificationName(candidate) == "SecretData" ? "SecretData" : "PersonalData";
                }
            }
        }

        return result;
    }
}
