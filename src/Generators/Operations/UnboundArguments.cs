using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A call that does not bind here only because an argument's type comes from another source generator's output — an
/// argument <c>AppJsonContext.Default.Order</c>, a <c>var</c> local initialized from it. The generator does not see
/// that output; the build does. Recovered only where nothing another generator writes can join the call's candidates:
/// a static method called through its type's name (<c>Ops.Describe(…)</c>: no extension method, no enclosing or
/// <c>using static</c> scope takes part), a type that is not <c>partial</c> in any declaration of it or its base types
/// (so no generator adds a namesake), exactly one candidate, non-generic, one parameter per argument written positionally
/// and by value, every known argument type fitting. Instance calls (a generated extension could win when the instance
/// method does not fit) and calls by simple name (a generated member of an enclosing or base type could hide it) stay
/// unbound — a review found both ways to a CS9144. The analyzer reports what is left as INS1033.
/// </summary>
internal static class UnboundArguments
{
    public static IMethodSymbol? Recover(InvocationExpressionSyntax invocation, SymbolInfo info, SemanticModel model, CancellationToken cancellationToken)
    {
        // C# 14 extension blocks can add static members to any type, so from C# 14 on a static call through a type's
        // name can be won by a generated extension that fits the unknown argument (found by a review): no recovery.
        if (info.Symbol is not null
            || ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)invocation.SyntaxTree.Options).LanguageVersion > Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13
            || info.CandidateReason != CandidateReason.OverloadResolutionFailure
            || info.CandidateSymbols.Length != 1
            || info.CandidateSymbols[0] is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false, IsExtensionMethod: false } method
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || p.IsOptional)
            || invocation.ArgumentList.Arguments.Count != method.Parameters.Length
            || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)))
        {
            return null;
        }

        // Only unknown argument types may be the reason; every known one must already fit its parameter.
        var unknown = 0;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var type = model.GetTypeInfo(invocation.ArgumentList.Arguments[i].Expression, cancellationToken).Type;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                unknown++;
            }
            else if (!model.Compilation.ClassifyCommonConversion(type, method.Parameters[i].Type).IsImplicit)
            {
                return null;
            }
        }

        if (unknown == 0 || !method.IsStatic || !IsClosedTypeName(invocation, method, model, cancellationToken) || !IsOnlyCandidate(invocation, method, model))
        {
            return null;
        }

        return method;
    }

    // Ops.Describe(…): the receiver names a type, and neither it nor a base type is partial anywhere.
    private static bool IsClosedTypeName(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax access
            || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is not INamedTypeSymbol named)
        {
            return false;
        }

        for (INamedTypeSymbol? type = named; type is not null; type = type.BaseType)
        {
            if (type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, method.ContainingType.OriginalDefinition)
            || InheritsFrom(named, method.ContainingType);
    }

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, ancestor.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    // No other method of that name (an overload, an inherited one, an extension) that the build could pick instead.
    private static bool IsOnlyCandidate(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model)
    {
        var container = invocation.Expression is MemberAccessExpressionSyntax access
            ? (model.GetSymbolInfo(access.Expression).Symbol as INamedTypeSymbol ?? model.GetTypeInfo(access.Expression).Type)
            : null;
        var found = model.LookupSymbols(invocation.SpanStart, container as INamespaceOrTypeSymbol, method.Name, includeReducedExtensionMethods: true);
        return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0].OriginalDefinition, method.OriginalDefinition);
    }
}
