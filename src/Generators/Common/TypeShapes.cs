using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>Questions about the types in a method signature that decide what can be generated.</summary>
internal static class TypeShapes
{
    /// <summary>
    /// True when the signature names a type the compiler could not resolve: the compiler already reports
    /// it, and generated code would only repeat the error, so nothing is generated for such a method.
    /// </summary>
    public static bool HasUnresolvedType(IMethodSymbol method)
    {
        if (IsOrContains(method.ReturnType, TypeKind.Error) || IsOrContains(method.ContainingType, TypeKind.Error))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsOrContains(parameter.Type, TypeKind.Error))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the signature uses pointer or function-pointer types (the interceptor must be <c>unsafe</c>).</summary>
    public static bool HasPointerType(IMethodSymbol method)
    {
        if (IsOrContains(method.ReturnType, TypeKind.Pointer) || IsOrContains(method.ReturnType, TypeKind.FunctionPointer))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsOrContains(parameter.Type, TypeKind.Pointer) || IsOrContains(parameter.Type, TypeKind.FunctionPointer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the signature declares a pointer to a managed type or to a type parameter that may be one (<c>T*</c>,
    /// <c>string*</c>; also inside arrays, type arguments and function pointers): legal in an unsafe context, with warning
    /// CS8500 at the user's declaration, which the interceptor's signature would repeat.
    /// </summary>
    public static bool HasPointerToManagedType(IMethodSymbol method)
    {
        if (PointsToManagedType(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (PointsToManagedType(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    // A pointer whose target is managed (or a type parameter that may be): CS8500.
    private static bool PointsToManagedType(ITypeSymbol? type) =>
        Contains(type, 0, static (part, _) => part is IPointerTypeSymbol { PointedAtType.IsUnmanagedType: false }, 0);

    private static bool IsOrContains(ITypeSymbol? type, TypeKind kind) =>
        Contains(type, kind, static (part, wanted) => part.TypeKind == wanted, 0);

    /// <summary>
    /// Whether <paramref name="type"/> or a type it is built from (an array's element, a pointer's target, a function
    /// pointer's return and parameters, a type argument, a containing type) satisfies <paramref name="isIt"/>. Depth-bounded:
    /// a signature is finite, but a type of a broken compilation need not be.
    /// </summary>
    internal static bool Contains<TState>(ITypeSymbol? type, TState state, System.Func<ITypeSymbol, TState, bool> isIt, int depth = 0)
    {
        if (type is null || depth > 32)
        {
            return false;
        }

        if (isIt(type, state))
        {
            return true;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return Contains(array.ElementType, state, isIt, depth + 1);
            case IPointerTypeSymbol pointer:
                return Contains(pointer.PointedAtType, state, isIt, depth + 1);
            case IFunctionPointerTypeSymbol functionPointer:
                if (Contains(functionPointer.Signature.ReturnType, state, isIt, depth + 1))
                {
                    return true;
                }

                foreach (var parameter in functionPointer.Signature.Parameters)
                {
                    if (Contains(parameter.Type, state, isIt, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (Contains(argument, state, isIt, depth + 1))
                    {
                        return true;
                    }
                }

                return Contains(named.ContainingType, state, isIt, depth + 1);
            default:
                return false;
        }
    }
}
