using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Whether a method, a type it is declared in, or a type its signature names (result, parameters, array elements,
/// pointed-at types, type arguments, the types those are nested in) carries a mark. Generated code names all of them, so
/// a mark that the compiler or an analyzer checks at every use (<c>[Obsolete]</c>, <c>[RequiresPreviewFeatures]</c>)
/// must be repeated on the generated members that name them.
/// </summary>
internal static class SignatureSymbols
{
    public static bool Any(IMethodSymbol method, Func<ISymbol, bool> marked) =>
        marked(method)
        || NamesMarked(method.ContainingType, marked)
        || (!method.ReturnsVoid && NamesMarked(method.ReturnType, marked))
        || method.Parameters.Any(p => NamesMarked(p.Type, marked));

    private static bool NamesMarked(ITypeSymbol? type, Func<ISymbol, bool> marked)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return NamesMarked(array.ElementType, marked);
            case IPointerTypeSymbol pointer:
                return NamesMarked(pointer.PointedAtType, marked);
            case INamedTypeSymbol named:
                for (var t = named; t is not null; t = t.ContainingType)
                {
                    if (marked(t) || t.TypeArguments.Any(a => NamesMarked(a, marked)))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
