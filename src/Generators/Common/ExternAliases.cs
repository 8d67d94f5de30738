using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// Types generated code cannot name: those of an assembly the project references under an <c>extern alias</c> only
/// (<c>&lt;ProjectReference … Aliases="lib" /&gt;</c>). Generated code names every type <c>global::…</c>, which does not
/// reach such an assembly, so an interceptor or log method body that named one was CS0400 in the build (strangers'
/// trials al1–al3). The method is reported instead (how depends on what it is: not instrumented, or a log method the
/// generator cannot write), with the fix: add <c>global</c> to the reference's aliases.
/// </summary>
internal static class ExternAliases
{
    /// <summary>
    /// Why generated code for <paramref name="method"/> (its containing types, signature and constraints) or for the SDK
    /// attribute class <paramref name="attributeClass"/> cannot name a type here; null when it can.
    /// </summary>
    /// <param name="method">The annotated method.</param>
    /// <param name="compilation">The project's compilation.</param>
    /// <param name="attributeClass">The SDK attribute on it, when the project's own (the SDK itself under an alias).</param>
    /// <param name="outcome">What adding the alias gets the user, ending the message.</param>
    public static string? Problem(IMethodSymbol method, Compilation compilation, INamedTypeSymbol? attributeClass = null, string outcome = "to have it instrumented")
    {
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var types = new List<ITypeSymbol>();
        if (attributeClass is not null)
        {
            types.Add(attributeClass);
        }

        types.Add(method.ContainingType);
        types.Add(method.ReturnType);
        types.AddRange(method.Parameters.Select(p => p.Type));
        types.AddRange(method.TypeParameters.SelectMany(t => t.ConstraintTypes));
        foreach (var type in types)
        {
            if (Hidden(type, compilation, seen, depth: 0) is { } found)
            {
                return "it names '" + found.Type.ToDisplayString(SymbolNames.Display) + "' of the assembly '" + found.Type.ContainingAssembly.Name
                    + "', which this project references under the extern alias '" + found.Alias + "' only, and generated code names types through"
                    + " global::; add 'global' to the reference's aliases (Aliases=\"global," + found.Alias + "\") " + outcome;
            }
        }

        return null;
    }

    private static (ITypeSymbol Type, string Alias)? Hidden(ITypeSymbol? type, Compilation compilation, HashSet<ITypeSymbol> seen, int depth)
    {
        if (type is null || depth > 32 || !seen.Add(type))
        {
            return null;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return Hidden(array.ElementType, compilation, seen, depth + 1);
            case IPointerTypeSymbol pointer:
                return Hidden(pointer.PointedAtType, compilation, seen, depth + 1);
            case IFunctionPointerTypeSymbol functionPointer:
                return Hidden(functionPointer.Signature.ReturnType, compilation, seen, depth + 1)
                    ?? functionPointer.Signature.Parameters.Select(p => Hidden(p.Type, compilation, seen, depth + 1)).FirstOrDefault(h => h is not null);
            case ITypeParameterSymbol:
                return null;
            case INamedTypeSymbol named:
                if (AliasOnly(named.ContainingAssembly, compilation) is { } alias)
                {
                    return (named, alias);
                }

                return Hidden(named.ContainingType, compilation, seen, depth + 1)
                    ?? named.TypeArguments.Select(t => Hidden(t, compilation, seen, depth + 1)).FirstOrDefault(h => h is not null);
            default:
                return null;
        }
    }

    /// <summary>The alias an assembly is referenced under when it is not also in the global alias; null otherwise.</summary>
    private static string? AliasOnly(IAssemblySymbol? assembly, Compilation compilation)
    {
        if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly)
            || compilation.GetMetadataReference(assembly) is not { } reference)
        {
            return null;
        }

        var aliases = reference.Properties.Aliases;
        return aliases.IsDefaultOrEmpty || aliases.Contains("global") ? null : aliases[0];
    }
}
