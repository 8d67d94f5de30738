using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A call that does not bind here only because an argument's type comes from another source generator's output — an
/// argument <c>AppJsonContext.Default.Order</c>, a <c>var</c> local initialized from it. The generator does not see
/// that output; the build does, and binds the call to the one method there is. Recovered only when nothing else can win
/// it in the build: exactly one candidate, non-generic and not an extension, one parameter per argument written
/// positionally and by value, no other member or extension of that name in scope, a receiver whose type is known, and
/// no partial, attributed type another generator could add an overload to (<see cref="GeneratedOverloads"/>). Any
/// other unbound call is left alone (the analyzer reports it as INS1033 when the build binds it to an instrumented method).
/// </summary>
internal static class UnboundArguments
{
    public static IMethodSymbol? Recover(InvocationExpressionSyntax invocation, SymbolInfo info, SemanticModel model, CancellationToken cancellationToken)
    {
        if (info.Symbol is not null
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

        if (unknown == 0 || !HasKnownReceiver(invocation, method, model, cancellationToken) || !IsOnlyCandidate(invocation, method, model))
        {
            return null;
        }

        return GeneratedOverloads.IsOpenFor(method, invocation, model, cancellationToken) ? null : method;
    }

    private static bool HasKnownReceiver(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Expression is IdentifierNameSyntax)
        {
            return true;
        }

        if (invocation.Expression is not MemberAccessExpressionSyntax access)
        {
            return false;
        }

        if (method.IsStatic)
        {
            return model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamedTypeSymbol;
        }

        return model.GetTypeInfo(access.Expression, cancellationToken).Type is { TypeKind: not TypeKind.Error };
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
