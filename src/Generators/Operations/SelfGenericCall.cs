using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A call of a generic method whose type arguments use that method's own type parameters — only possible inside the method
/// (a recursive <c>node.FindDescendant&lt;TNode&gt;(depth - 1)</c> in AngleSharp, <c>M&lt;List&lt;T&gt;&gt;(…)</c>). The compiler
/// constructs a generic interceptor with the call's type arguments and compares it with the called method, whose own type
/// parameters it maps to positions first; the interceptor's parameters still name the method's type parameters, so the two
/// never match: CS9144, an error in the generated file. Such a call is reported (INS0024) and left alone.
/// </summary>
internal static class SelfGenericCall
{
    /// <summary>The first of the called method's own type parameters that its type arguments use at this call, or null.</summary>
    public static ITypeParameterSymbol? OwnTypeParameter(InvocationExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol invoked)
        {
            return null;
        }

        var full = invoked.ReducedFrom is not null ? invoked.GetConstructedReducedFrom() ?? invoked : invoked;
        var own = full.OriginalDefinition.TypeParameters;
        if (own.IsEmpty || full.TypeArguments.IsEmpty)
        {
            return null;
        }

        var set = new HashSet<ITypeParameterSymbol>(own, SymbolEqualityComparer.Default);
        foreach (var argument in full.TypeArguments)
        {
            if (Find(argument, set, 0) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static ITypeParameterSymbol? Find(ITypeSymbol type, HashSet<ITypeParameterSymbol> own, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return own.Contains(parameter) ? parameter : null;
            case IArrayTypeSymbol array:
                return Find(array.ElementType, own, depth + 1);
            case IPointerTypeSymbol pointer:
                return Find(pointer.PointedAtType, own, depth + 1);
            case IFunctionPointerTypeSymbol functionPointer:
                return Find(functionPointer.Signature.ReturnType, own, depth + 1)
                    ?? functionPointer.Signature.Parameters.Select(p => Find(p.Type, own, depth + 1)).FirstOrDefault(p => p is not null);
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    foreach (var argument in current.TypeArguments)
                    {
                        if (Find(argument, own, depth + 1) is { } found)
                        {
                            return found;
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
