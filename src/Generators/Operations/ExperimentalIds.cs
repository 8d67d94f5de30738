using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The diagnostic ids of <c>[Experimental]</c> on an intercepted method, its containing types and the types
/// of its signature. The user opted in where they call it; the generated code, which only repeats that
/// call, suppresses the same ids so it never raises them itself.
/// </summary>
internal static class ExperimentalIds
{
    public static List<string> Of(IMethodSymbol method)
    {
        var ids = new SortedSet<string>(System.StringComparer.Ordinal);
        Add(method, ids);
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            Add(type, ids);
        }

        AddType(method.ReturnType, ids, 0);
        foreach (var parameter in method.Parameters)
        {
            AddType(parameter.Type, ids, 0);
        }

        return new List<string>(ids);
    }

    private static void AddType(ITypeSymbol type, SortedSet<string> ids, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        Add(type, ids);
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            Add(containing, ids);
        }

        switch (type)
        {
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    AddType(argument, ids, depth + 1);
                }

                break;
            case IArrayTypeSymbol array:
                AddType(array.ElementType, ids, depth + 1);
                break;
            case IPointerTypeSymbol pointer:
                AddType(pointer.PointedAtType, ids, depth + 1);
                break;
        }
    }

    private static void Add(ISymbol symbol, SortedSet<string> ids)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ExperimentalAttribute" } type
                && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis"
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is string { Length: > 0 } id
                && IsIdentifierLike(id))
            {
                ids.Add(id);
            }
        }
    }

    /// <summary>Only ids that can be written after <c>#pragma warning disable</c>.</summary>
    private static bool IsIdentifierLike(string id)
    {
        foreach (var c in id)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
