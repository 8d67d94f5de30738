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
        if (PointsToManagedType(method.ReturnType, 0))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (PointsToManagedType(parameter.Type, 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PointsToManagedType(ITypeSymbol? type, int depth)
    {
        // Depth-bounded: a signature is finite, but a type of a broken compilation need not be.
        if (type is null || depth > 32)
        {
            return false;
        }

        switch (type)
        {
            case IPointerTypeSymbol pointer:
                return !pointer.PointedAtType.IsUnmanagedType || PointsToManagedType(pointer.PointedAtType, depth + 1);
            case IArrayTypeSymbol array:
                return PointsToManagedType(array.ElementType, depth + 1);
            case IFunctionPointerTypeSymbol functionPointer:
                if (PointsToManagedType(functionPointer.Signature.ReturnType, depth + 1))
                {
                    return true;
                }

                foreach (var parameter in functionPointer.Signature.Parameters)
                {
                    if (PointsToManagedType(parameter.Type, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (PointsToManagedType(argument, depth + 1))
                    {
                        return true;
                    }
                }

                return PointsToManagedType(named.ContainingType, depth + 1);
            default:
                return false;
        }
    }

    private static bool IsOrContains(ITypeSymbol? type, TypeKind kind)
    {
        switch (type)
        {
            case null:
                return false;
            case { TypeKind: var actual } when actual == kind:
                return true;
            case IArrayTypeSymbol array:
                return IsOrContains(array.ElementType, kind);
            case IPointerTypeSymbol pointer:
                return IsOrContains(pointer.PointedAtType, kind);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (IsOrContains(argument, kind))
                    {
                        return true;
                    }
                }

                return IsOrContains(named.ContainingType, kind);
            default:
                return false;
        }
    }
}
