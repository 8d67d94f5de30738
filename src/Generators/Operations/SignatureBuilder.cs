using System.Collections.Generic;
using System.Text;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Builds the signature an interceptor needs from the invoked method's original definition.</summary>
internal static class SignatureBuilder
{
    public static InterceptorSignature Build(IMethodSymbol definition)
    {
        var typeParameters = new List<TypeParameterModel>();
        var containingTypeParameters = new List<ITypeParameterSymbol>();
        for (var type = definition.ContainingType; type is not null; type = type.ContainingType)
        {
            containingTypeParameters.InsertRange(0, type.TypeParameters);
        }

        // Names escaped as the types that use them are (SymbolNames): a type parameter named '@class' was declared
        // 'class' (a stranger's trial: CS0501, CS8802 and CS0101 in the generated file).
        foreach (var typeParameter in containingTypeParameters)
        {
            typeParameters.Add(new TypeParameterModel(CSharpLiteral.Identifier(typeParameter.Name), Constraints(typeParameter), TrimAnnotations.TypeParameter(typeParameter)));
        }

        var methodTypeArguments = new List<string>();
        foreach (var typeParameter in definition.TypeParameters)
        {
            typeParameters.Add(new TypeParameterModel(CSharpLiteral.Identifier(typeParameter.Name), Constraints(typeParameter), TrimAnnotations.TypeParameter(typeParameter)));
            methodTypeArguments.Add(CSharpLiteral.Identifier(typeParameter.Name));
        }

        var parameters = new List<SignatureParameterModel>();
        foreach (var parameter in definition.Parameters)
        {
            parameters.Add(new SignatureParameterModel(
                parameter.Name,
                SymbolNames.Type(parameter.Type),
                RefKindText(parameter),
                parameter.IsParams,
                definition.IsExtensionMethod && parameter.Ordinal == 0));
        }

        // Nullability attributes are part of the contract the compiler compares (CS9159) and that callers rely on; trim
        // annotations are what the trim analyzers check the interceptor's own call against.
        for (var i = 0; i < parameters.Count; i++)
        {
            var attributes = NullabilityAttributes.Parameter(definition.Parameters[i], parameters) + TrimAnnotations.Parameter(definition.Parameters[i]);
            if (attributes.Length > 0)
            {
                parameters[i] = parameters[i] with { Attributes = attributes };
            }
        }

        return new InterceptorSignature(
            definition.Name,
            definition.IsStatic,
            definition.IsExtensionMethod,
            SymbolNames.Type(definition.ContainingType),
            definition.ContainingType.IsValueType,
            definition.ReturnsVoid ? "void" : SymbolNames.Type(definition.ReturnType),
            typeParameters.ToEquatableArray(),
            methodTypeArguments.ToEquatableArray(),
            parameters.ToEquatableArray(),
            TypeShapes.HasPointerType(definition),
            NullabilityAttributes.Return(definition, parameters) + TrimAnnotations.Return(definition),
            ExperimentalIds.Of(definition).ToEquatableArray(),
            !definition.IsStatic && definition.ContainingType.IsValueType && (definition.IsReadOnly || definition.ContainingType.IsReadOnly),
            !definition.ReturnsVoid && definition.ReturnType.IsRefLikeType,
            NullabilityAttributes.Method(definition) + TrimAnnotations.Method(definition) + ObsoleteMarker.For(definition) + PreviewFeatureMarker.For(definition),
            NullabilityAttributes.DoesNotReturn(definition),
            ConditionalCalls.Symbols(definition).ToEquatableArray(),
            NullabilityAttributes.ReturnMaybeNull(definition),
            HasCustomModifiers(definition),
            TypeShapes.HasPointerToManagedType(definition));
    }

    /// <summary>
    /// Custom modifiers anywhere on the method's parameters or return (see <see cref="InterceptorSignature"/>): C# puts
    /// <c>modreq(InAttribute)</c> on the <c>in</c> / <c>ref readonly</c> parameters and <c>ref readonly</c> result of every
    /// virtual, abstract, override and interface method (AutoMapper's
    /// <c>virtual GetSubQueryExpression(…, in ProjectionRequest request, …)</c>), and a static interceptor cannot.
    /// </summary>
    private static bool HasCustomModifiers(IMethodSymbol definition)
    {
        if (definition.RefCustomModifiers.Length > 0 || definition.ReturnTypeCustomModifiers.Length > 0)
        {
            return true;
        }

        foreach (var parameter in definition.Parameters)
        {
            if (parameter.RefCustomModifiers.Length > 0 || parameter.CustomModifiers.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string RefKindText(IParameterSymbol parameter)
    {
        var scoped = parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out ? "scoped " : string.Empty;
        return parameter.RefKind switch
        {
            RefKind.Ref => scoped + "ref ",
            RefKind.Out => "out ",
            RefKind.In => scoped + "in ",
            RefKind.RefReadOnlyParameter => scoped + "ref readonly ",
            _ => scoped,
        };
    }

    private static string Constraints(ITypeParameterSymbol typeParameter)
    {
        var parts = new List<string>();
        if (typeParameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (typeParameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (typeParameter.HasReferenceTypeConstraint)
        {
            // Declared where nullable annotations are disabled, 'class' is oblivious and admits string?: repeated as a plain
            // 'class' in the generated (enabled) file, a nullable type argument was CS8634 there.
            parts.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.NotAnnotated ? "class" : "class?");
        }
        else if (typeParameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        for (var i = 0; i < typeParameter.ConstraintTypes.Length; i++)
        {
            // An oblivious reference-type constraint (declared with nullable annotations disabled) admits a nullable type
            // argument too: say so, or the generated file warns CS8631 where the user's call did not.
            var constraintType = typeParameter.ConstraintTypes[i];
            var name = SymbolNames.Type(constraintType);
            var oblivious = i < typeParameter.ConstraintNullableAnnotations.Length
                && typeParameter.ConstraintNullableAnnotations[i] == NullableAnnotation.None;
            parts.Add(oblivious && constraintType.IsReferenceType && !typeParameter.HasValueTypeConstraint && !typeParameter.HasUnmanagedTypeConstraint
                && !typeParameter.HasNotNullConstraint && !name.EndsWith("?", System.StringComparison.Ordinal)
                ? name + "?"
                : name);
        }

        if (typeParameter.HasConstructorConstraint && !typeParameter.HasValueTypeConstraint && !typeParameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("new()");
        }

        if (typeParameter.AllowsRefLikeType)
        {
            parts.Add("allows ref struct");
        }

        if (parts.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("where ").Append(CSharpLiteral.Identifier(typeParameter.Name)).Append(" : ");
        builder.Append(string.Join(", ", parts));
        return builder.ToString();
    }
}
