using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The diagnostic ids of <c>[Experimental]</c> on an intercepted method, its containing types and the types
/// of its signature. The user opted in where they call it; the generated code, which only repeats that
/// call, suppresses the same ids so it never raises them itself. Also the warning ids of <c>[Obsolete]</c> there
/// (<see cref="ObsoleteWarningsOf"/>), for log methods, whose implementation cannot be marked obsolete itself.
/// </summary>
internal static class ExperimentalIds
{
    public static List<string> Of(IMethodSymbol method) => Collect(method, AddExperimental);

    /// <summary>
    /// The warning ids a use of the <c>[Obsolete]</c> method, containing types and signature types raises outside an
    /// obsolete member: CS0612 (no message), CS0618 (a message) or the obsoletion's own <c>DiagnosticId</c>. A log
    /// method's implementation part repeats its declaration's signature and cannot be marked obsolete itself (that
    /// would make the user's method obsolete), so its file suppresses these where the user suppressed them at the
    /// declaration. An obsoletion that is an error (CS0619) is the user's error at the declaration already.
    /// </summary>
    public static List<string> ObsoleteWarningsOf(IMethodSymbol method) => Collect(method, AddObsolete);

    private static List<string> Collect(IMethodSymbol method, System.Action<ISymbol, SortedSet<string>> add)
    {
        var ids = new SortedSet<string>(System.StringComparer.Ordinal);
        add(method, ids);
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            add(type, ids);
        }

        AddType(method.ReturnType, ids, 0, add);
        foreach (var parameter in method.Parameters)
        {
            AddType(parameter.Type, ids, 0, add);
        }

        return new List<string>(ids);
    }

    private static void AddType(ITypeSymbol type, SortedSet<string> ids, int depth, System.Action<ISymbol, SortedSet<string>> add)
    {
        if (depth > 8)
        {
            return;
        }

        add(type, ids);
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            add(containing, ids);
        }

        switch (type)
        {
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    AddType(argument, ids, depth + 1, add);
                }

                break;
            case IArrayTypeSymbol array:
                AddType(array.ElementType, ids, depth + 1, add);
                break;
            case IPointerTypeSymbol pointer:
                AddType(pointer.PointedAtType, ids, depth + 1, add);
                break;
        }
    }

    private static void AddExperimental(ISymbol symbol, SortedSet<string> ids)
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

    private static void AddObsolete(ISymbol symbol, SortedSet<string> ids)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is not { Name: "ObsoleteAttribute" } type || type.ContainingNamespace?.ToDisplayString() != "System")
            {
                continue;
            }

            string? own = null;
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == "DiagnosticId" && pair.Value.Value is string { Length: > 0 } given && IsIdentifierLike(given))
                {
                    own = given;
                }
            }

            ids.Add(own ?? (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string ? "CS0618" : "CS0612"));
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
