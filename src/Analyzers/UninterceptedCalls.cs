using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Analyzers;

/// <summary>
/// Calls of an instrumented method that no interceptor replaces, and the ones that need none: what the analyzers that
/// report missed calls (INS1032, INS1033) agree on with the operation generator.
/// </summary>
internal static class UninterceptedCalls
{
    /// <summary>
    /// True when the call of <paramref name="target"/> at <paramref name="invocation"/> is not instrumented and should be:
    /// no interceptor replaces it, and it is not a <c>base.M()</c> call (instrumented by the overriding method's own
    /// call), a <c>[Conditional]</c> method's call (the compiler may omit it), or a call inside a lambda converted to an
    /// expression tree (data, not a call).
    /// </summary>
    public static bool IsMissed(SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol target, CancellationToken cancellationToken) =>
        invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
#pragma warning disable RSEXPERIMENTAL002 // the interceptor the compiler binds to this call: what decides whether it is instrumented
        && model.GetInterceptorMethod(invocation, cancellationToken) is null
#pragma warning restore RSEXPERIMENTAL002
        && !HasConditional(target)
        && !InExpressionTree(model, invocation, cancellationToken);

    /// <summary>True when <paramref name="node"/> is inside a lambda converted to an expression tree.</summary>
    public static bool InExpressionTree(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var lambda in node.Ancestors().OfType<LambdaExpressionSyntax>())
        {
            if (model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression" } converted
                && converted.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasConditional(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.ConditionalAttribute");
}
