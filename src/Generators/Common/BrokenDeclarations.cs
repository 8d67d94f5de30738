using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Common;

/// <summary>
/// Declarations the compiler already rejects in a way that generated code would repeat: a signature with syntax errors
/// (a parameter without a name, an unclosed list, a stray modifier, a duplicate one), a containing type or namespace
/// without a name, a constraint on an unknown type, <c>params</c> on what cannot be one, a file-local type in a signature that
/// generated code in another file would have to name, a known attribute whose arguments the compiler could not bind (also an argument that is not a constant), <c>scoped</c> on a value that is no ref struct, an instance
/// method in a static class. Code written from such a declaration held the same error again, inside the generated file
/// (found by the mutation fuzzer: an IDE shows it while the user types). Nothing is generated for them and nothing is
/// reported: the compiler's own error at the user's code says what is wrong, and once it is fixed, generation resumes.
/// </summary>
internal static class BrokenDeclarations
{
    /// <summary>True when <paramref name="method"/>'s declaration is one generated code must not repeat.</summary>
    public static bool IsBroken(IMethodSymbol method, CancellationToken cancellationToken)
    {
        // An instance method in a static class (CS0708). Only a class: read from metadata, a C# 14 extension block's marker
        // type is static too, and its instance members are legal (their calls from another assembly are INS0030, not silence).
        if (method.Name.Length == 0 || (!method.IsStatic && method.ContainingType is { IsStatic: true, TypeKind: TypeKind.Class }))
        {
            return true;
        }

        // A type that generated code cannot name (private, protected) in the signature of a member more accessible than it
        // (CS0050/CS0051, the user's error; a private method of a private type is left to INS0003).
        var level = EffectiveRank(method);
        // A static class as the return type or a parameter type (CS0722/CS0721, seed 491), an array of one anywhere in
        // the signature (CS0719, also as a type argument: ILogger<Use[]>, seed 541), or an override of nothing (CS0115,
        // seed 541: its 'T?' means Nullable<T> there and 'T?' elsewhere): every copy repeats it.
        if (method.ReturnType is INamedTypeSymbol { IsStatic: true } || method.Parameters.Any(p => p.Type is INamedTypeSymbol { IsStatic: true })
            || StaticArrayWithin(method.ReturnType, 0) || method.Parameters.Any(p => StaticArrayWithin(p.Type, 0))
            || (method.IsOverride && method.OverriddenMethod is null)
            || ArrayOfRefStructOrStatic(method.ReturnType) || ErrorInFunctionPointer(method.ReturnType) || PointerTypeArgument(method.ReturnType) || (FileLocal(method.ReturnType) && !InFileLocalType(method))
            || Hidden(method.ReturnType, level))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            // A parameter named like one of the method's type parameters (CS0412, seed 337) is repeated by every copy.
            if (parameter.Name.Length == 0 || method.TypeParameters.Any(t => t.Name == parameter.Name) || ArrayOfRefStructOrStatic(parameter.Type) || ErrorInFunctionPointer(parameter.Type) || PointerTypeArgument(parameter.Type) || Hidden(parameter.Type, level)
                || (parameter.IsParams && (parameter.RefKind != RefKind.None || parameter.Ordinal != method.Parameters.Length - 1 || NoParamsCollection(parameter.Type)))
                || (FileLocal(parameter.Type) && !InFileLocalType(method))
                || (parameter.ScopedKind == ScopedKind.ScopedValue && parameter.RefKind == RefKind.None && !MayBeRefStruct(parameter.Type))
                || Unbound(parameter.GetAttributes()))
            {
                return true;
            }
        }

        foreach (var typeParameter in method.TypeParameters)
        {
            // A constraint naming a file-local type outside a file-local type (CS9051): the interceptor, in another file,
            // repeats the constraint and cannot name the type (found by the mutation fuzzer, seed 281).
            if (typeParameter.Name.Length == 0 || UnresolvedConstraint(typeParameter)
                || (typeParameter.ConstraintTypes.Any(FileLocal) && !InFileLocalType(method)))
            {
                return true;
            }
        }

        if (Unbound(method.GetAttributes()) || Unbound(method.GetReturnTypeAttributes()) || BrokenContainers(method))
        {
            return true;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration
                && (SignatureHasErrors(declaration) || HeadersHaveErrors(declaration) || DeclaresScopedValue(declaration, method)))
            {
                return true;
            }
        }

        return false;
    }

    // 'scoped T' is legal for a type parameter that allows ref structs (C# 13), as for a ref struct itself.
    private static bool MayBeRefStruct(ITypeSymbol type) => type.IsRefLikeType || type is ITypeParameterSymbol { AllowsRefLikeType: true };

    // params on a non-generic special type (int, string, object: CS0225). Generic collections (IEnumerable<T>,
    // IReadOnlyList<T>: C# 13 params collections) and arrays are left to the compiler.
    // Nor a pointer or function pointer (CS0225 too; found by the mutation fuzzer with seed 197), a multi-dimensional
    // array, or a type that is no collection at all: not enumerable, no GetEnumerator, no [CollectionBuilder] (a struct
    // 'Point', an interface 'IDisposable'; seed 269). What may be a collection is left to the compiler.
    private static bool NoParamsCollection(ITypeSymbol type) =>
        type is IPointerTypeSymbol or IFunctionPointerTypeSymbol or IArrayTypeSymbol { Rank: > 1 }
        || type is ITypeParameterSymbol { ConstraintTypes.IsEmpty: true } // 'params T' with nothing that makes T a collection (seed 283)
        || (type is not IArrayTypeSymbol && type is not INamedTypeSymbol { IsGenericType: true } && type.SpecialType != SpecialType.None)
        || (type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named && !MayBeCollection(named));

    private static bool MayBeCollection(INamedTypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return true;
        }

        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (t.GetMembers("GetEnumerator").Length > 0 || t.GetAttributes().Any(a => a.AttributeClass?.Name == "CollectionBuilderAttribute"))
            {
                return true;
            }
        }

        return false;
    }

    // A constraint naming a type the compiler could not resolve (where T : Missing): interceptors repeat constraints.
    private static bool UnresolvedConstraint(ITypeParameterSymbol typeParameter)
    {
        foreach (var constraint in typeParameter.ConstraintTypes)
        {
            if (constraint.TypeKind == TypeKind.Error || (constraint is INamedTypeSymbol named && named.TypeArguments.Any(a => a.TypeKind == TypeKind.Error)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An extension method outside a non-generic, non-nested static class, or not static itself (CS1106, CS1105): an
    /// interceptor repeats the receiver's <c>this</c> after its own (CS1100). The log generator reports it itself (INS0100).
    /// </summary>
    public static bool IsMisplacedExtension(IMethodSymbol method) =>
        method.IsExtensionMethod && (!method.IsStatic || method.ContainingType is not { IsStatic: true, IsGenericType: false, ContainingType: null });

    // Accessibility as an order (public highest), for "is this type less accessible than that member" (CS0050/CS0051).
    private static int Rank(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => 5,
        Accessibility.ProtectedOrInternal => 4,
        Accessibility.Internal or Accessibility.Protected => 3,
        Accessibility.ProtectedAndInternal => 2,
        Accessibility.Private => 1,
        _ => 5,
    };

    internal static int EffectiveRank(ISymbol symbol)
    {
        var rank = Rank(symbol.DeclaredAccessibility);
        for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            rank = System.Math.Min(rank, Rank(type.DeclaredAccessibility));
        }

        return rank;
    }

    internal static int LowestRank(ITypeSymbol type, int depth)
    {
        if (depth > 16)
        {
            return 5;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return LowestRank(array.ElementType, depth + 1);
            case IPointerTypeSymbol pointer:
                return LowestRank(pointer.PointedAtType, depth + 1);
            case INamedTypeSymbol named:
                var rank = EffectiveRank(named);
                foreach (var argument in named.TypeArguments)
                {
                    rank = System.Math.Min(rank, LowestRank(argument, depth + 1));
                }

                return rank;
            default:
                return 5;
        }
    }

    private static bool Hidden(ITypeSymbol type, int memberRank)
    {
        // Private (1) or private protected (2): no code outside the type can name it.
        var rank = LowestRank(type, 0);
        return rank <= 2 && rank < memberRank;
    }

    // A file-local type in the signature of a member of a type that is not file-local (CS9051): generated code, in another
    // file, cannot name it (CS0400).
    private static bool FileLocal(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => FileLocal(array.ElementType),
        INamedTypeSymbol named => named.IsFileLocal || named.TypeArguments.Any(FileLocal) || (named.ContainingType is { } outer && FileLocal(outer)),
        _ => false,
    };

    private static bool InFileLocalType(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    // A function pointer whose signature names an unknown type (delegate*<int, Missing>): not an error type itself.
    private static bool ErrorInFunctionPointer(ITypeSymbol type) => type switch
    {
        IFunctionPointerTypeSymbol pointer => pointer.Signature.ReturnType.TypeKind == TypeKind.Error || ErrorInFunctionPointer(pointer.Signature.ReturnType)
            || pointer.Signature.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error || ErrorInFunctionPointer(p.Type)),
        IArrayTypeSymbol array => ErrorInFunctionPointer(array.ElementType),
        IPointerTypeSymbol pointer => ErrorInFunctionPointer(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ErrorInFunctionPointer),
        _ => false,
    };

    private static bool StaticArrayWithin(ITypeSymbol type, int depth) => depth <= 8 && type switch
    {
        IArrayTypeSymbol array => array.ElementType is INamedTypeSymbol { IsStatic: true } || StaticArrayWithin(array.ElementType, depth + 1),
        IPointerTypeSymbol pointer => StaticArrayWithin(pointer.PointedAtType, depth + 1),
        INamedTypeSymbol named => named.TypeArguments.Any(a => StaticArrayWithin(a, depth + 1)) || (named.ContainingType is { } outer && StaticArrayWithin(outer, depth + 1)),
        _ => false,
    };

    // A pointer as a type argument (ValueTask<string*>, CS0306, the user's error; seed 283): a copy of the type repeats it.
    private static bool PointerTypeArgument(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => PointerTypeArgument(array.ElementType),
        IPointerTypeSymbol pointer => PointerTypeArgument(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(a => a is IPointerTypeSymbol or IFunctionPointerTypeSymbol || PointerTypeArgument(a))
            || (named.ContainingType is { } outer && PointerTypeArgument(outer)),
        _ => false,
    };

    // An array of a ref struct (CS0611: Span<int> [X] M() reads as an array return type): a copy of the type repeats it.
    // Likewise a nullable ref struct (Span<int>? M(), CS9244), and an array of a static class (CS0719: Obj [X] o reads as
    // an array parameter; found by the mutation fuzzer, seed 277).
    private static bool ArrayOfRefStructOrStatic(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType.IsRefLikeType || array.ElementType is INamedTypeSymbol { IsStatic: true } || ArrayOfRefStructOrStatic(array.ElementType),
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => nullable.TypeArguments.Length == 1 && nullable.TypeArguments[0].IsRefLikeType,
        _ => false,
    };

    // A known attribute with arguments the compiler could not bind ([NotNullIfNotNull] without its name): interceptors copy
    // nullability and trim attributes, and a copy repeated the error. An attribute of an unknown type is never copied.
    // Only the attributes generated code reads or copies count: the SDK's own and System.Diagnostics.CodeAnalysis'. Another
    // library's attribute whose argument the generators cannot see (a constant from another source generator's output,
    // which the build binds) must not cost the method its instrumentation: nothing generated repeats it.
    private static bool Unbound(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (IsReadOrCopied(attribute)
                && ((attribute.AttributeConstructor is null && attribute.AttributeClass is { TypeKind: not TypeKind.Error }) || HasUnboundArgument(attribute)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An attribute of the SDK (namespace <c>Instrumentation</c>) or of <c>System.Diagnostics.CodeAnalysis</c>.</summary>
    private static bool IsReadOrCopied(AttributeData attribute) =>
        attribute.AttributeClass?.ContainingNamespace is { } ns
        && ((ns.Name == MetadataNames.Namespace && ns.ContainingNamespace is { IsGlobalNamespace: true })
            || ns.ToDisplayString() == "System.Diagnostics.CodeAnalysis");

    /// <summary>
    /// True when an argument of <paramref name="attribute"/> could not be bound to a constant: not a constant
    /// (a <c>static readonly</c> field or a property, CS0182) or of a type the compiler does not know. Its value reads as
    /// null, and a declaration read from it would be reported as missing its name or template — the compiler's error
    /// already says what is wrong.
    /// </summary>
    /// <param name="attribute">An attribute of the declaration.</param>
    public static bool HasUnboundArgument(AttributeData attribute)
    {
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (IsUnbound(argument))
            {
                return true;
            }
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (IsUnbound(argument.Value))
            {
                return true;
            }
        }

        return false;

        static bool IsUnbound(TypedConstant constant) =>
            constant.Kind == TypedConstantKind.Error || (constant.Kind == TypedConstantKind.Array && !constant.IsNull && constant.Values.Any(IsUnbound));
    }

    private static bool BrokenContainers(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            // A C# 14 extension block's marker type has no name by design: only named kinds must have one.
            if (type.Name.Length == 0 && type.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface)
            {
                return true;
            }

            foreach (var typeParameter in type.TypeParameters)
            {
                if (typeParameter.Name.Length == 0 || UnresolvedConstraint(typeParameter))
                {
                    return true;
                }
            }
        }

        for (var ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.Name.Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SignatureHasErrors(MethodDeclarationSyntax declaration)
    {
        if (declaration.Identifier.IsMissing
            || declaration.Identifier.ContainsDiagnostics
            || declaration.ReturnType.ContainsDiagnostics
            || declaration.ParameterList.ContainsDiagnostics
            || (declaration.TypeParameterList?.ContainsDiagnostics ?? false))
        {
            return true;
        }

        var kinds = new System.Collections.Generic.HashSet<SyntaxKind>();
        foreach (var modifier in declaration.Modifiers)
        {
            // A repeated modifier (CS1004) is the binder's error, not the parser's: the token itself is clean.
            if (modifier.ContainsDiagnostics || !kinds.Add(modifier.Kind()))
            {
                return true;
            }
        }

        foreach (var list in declaration.AttributeLists)
        {
            if (list.ContainsDiagnostics)
            {
                return true;
            }
        }

        foreach (var clause in declaration.ConstraintClauses)
        {
            if (clause.ContainsDiagnostics)
            {
                return true;
            }
        }

        return false;
    }

    // The types and namespaces around the method: a missing name, or a broken type parameter list, is written into every
    // generated reference to the method's type.
    private static bool HeadersHaveErrors(MethodDeclarationSyntax declaration)
    {
        for (var node = declaration.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type when type.Identifier.IsMissing || type.Identifier.ContainsDiagnostics
                    || (type is TypeDeclarationSyntax { TypeParameterList.ContainsDiagnostics: true })
                    || (type is TypeDeclarationSyntax declared && declared.ConstraintClauses.Any(c => c.ContainsDiagnostics)):
                    return true;
                case BaseNamespaceDeclarationSyntax ns when ns.Name.ContainsDiagnostics:
                    return true;
            }
        }

        return false;
    }

    // 'scoped' on a by-value parameter of a type that is no ref struct (CS9048), as written: the symbol of a partial
    // method's definition may not carry it, and its implementation repeats the parameter's modifiers. Likewise 'this' on a
    // parameter of a method that is not an extension method.
    private static bool DeclaresScopedValue(MethodDeclarationSyntax declaration, IMethodSymbol method)
    {
        var parameters = declaration.ParameterList.Parameters;
        for (var i = 0; i < parameters.Count && i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if ((parameters[i].Modifiers.Any(SyntaxKind.ScopedKeyword) && parameter.RefKind == RefKind.None && !MayBeRefStruct(parameter.Type))
                || (parameters[i].Modifiers.Any(SyntaxKind.ThisKeyword) && (i > 0 || !method.IsExtensionMethod)))
            {
                // 'this' on a parameter of a method that is no extension method (CS1106, CS1100).
                return true;
            }
        }

        return false;
    }
}
