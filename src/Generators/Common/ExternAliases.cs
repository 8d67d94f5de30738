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
        var types = new List<ITypeSymbol>();
        if (attributeClass is not null)
        {
            types.Add(attributeClass);
        }

        types.Add(method.ContainingType);
        types.Add(method.ReturnType);
        types.AddRange(method.Parameters.Select(p => p.Type));
        types.AddRange(method.TypeParameters.SelectMany(t => t.ConstraintTypes));
        var search = new Search(compilation);
        foreach (var type in types)
        {
            if (TypeShapes.Contains(type, search, static (part, s) => s.Matches(part)))
            {
                return "it names '" + search.Type!.ToDisplayString(SymbolNames.Display) + "' of the assembly '" + search.Type!.ContainingAssembly.Name
                    + "', which this project references under the extern alias '" + search.Alias + "' only, and generated code names types through"
                    + " global::; add 'global' to the reference's aliases (Aliases=\"global," + search.Alias + "\") " + outcome;
            }
        }

        return null;
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

    /// <summary>The first type of an alias-only assembly a walk meets (<see cref="TypeShapes.Contains{TState}"/>).</summary>
    private sealed class Search
    {
        private readonly Compilation _compilation;

        public Search(Compilation compilation) => _compilation = compilation;

        public ITypeSymbol? Type { get; private set; }

        public string? Alias { get; private set; }

        public bool Matches(ITypeSymbol part)
        {
            if (part is not INamedTypeSymbol named || AliasOnly(named.ContainingAssembly, _compilation) is not { } alias)
            {
                return false;
            }

            Type = named;
            Alias = alias;
            return true;
        }
    }
}
