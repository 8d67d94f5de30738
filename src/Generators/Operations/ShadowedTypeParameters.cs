using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A generic method whose type parameter has the name of one of its containing types' type parameters
/// (<c>class C&lt;T&gt; { T M&lt;T&gt;(T value) }</c>: legal C#, warning CS0693), or nested generic types that repeat a name.
/// The interceptor is one method generic over all of them, and the generated signature names each by its name: it
/// declared <c>&lt;T, T&gt;</c> (CS0692) and could not tell the two apart (CS0229) — errors in the generated file that
/// broke the build (found by the mutation fuzzer). Such a call is reported (INS0025) and left alone.
/// </summary>
internal static class ShadowedTypeParameters
{
    /// <summary>The first type parameter name of <paramref name="invoked"/>'s definition that repeats a containing type's, or null.</summary>
    public static string? Name(ISymbol? invoked) => Find(invoked)?.Name;

    /// <summary>
    /// The first type parameter of <paramref name="invoked"/>'s definition (or of a type it is declared in) that an
    /// interceptor cannot declare, with why: one that repeats another's name, or one named like what the interceptor
    /// declares itself — its receiver <c>@this</c> or a local starting with <c>__</c> (a stranger's
    /// <c>M&lt;__state&gt;</c> and <c>Place&lt;@this&gt;</c>: CS0412 and CS0246 in the generated file). Null when there is none.
    /// </summary>
    public static (string Name, string Why)? Find(ISymbol? invoked)
    {
        if (invoked is not IMethodSymbol method)
        {
            return null;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        var all = new List<ITypeParameterSymbol>();
        for (var type = definition.ContainingType; type is not null; type = type.ContainingType)
        {
            all.InsertRange(0, type.TypeParameters);
        }

        all.AddRange(definition.TypeParameters);
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var typeParameter in all)
        {
            if (!seen.Add(typeParameter.Name))
            {
                return (typeParameter.Name, "and so does a type it is declared in (CS0693): an interceptor must be generic over both and cannot name them apart");
            }

            if (typeParameter.Name == "this" || typeParameter.Name.StartsWith("__", System.StringComparison.Ordinal))
            {
                return (typeParameter.Name, "a name the generated interceptor declares itself (its receiver '@this' and its locals '__…')");
            }
        }

        return null;
    }
}
