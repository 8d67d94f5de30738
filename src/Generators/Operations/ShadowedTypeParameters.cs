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
    public static string? Name(ISymbol? invoked)
    {
        if (invoked is not IMethodSymbol method)
        {
            return null;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (var type = definition.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (var typeParameter in type.TypeParameters)
            {
                if (!seen.Add(typeParameter.Name))
                {
                    return typeParameter.Name;
                }
            }
        }

        foreach (var typeParameter in definition.TypeParameters)
        {
            if (!seen.Add(typeParameter.Name))
            {
                return typeParameter.Name;
            }
        }

        return null;
    }
}
