using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Naming;

/// <summary>
/// Method shapes the operation generator refuses whatever their attributes (INS0007), compiled into both the generator and
/// the analyzers (a linked source file), so the analyzers leave exactly those methods to the generator's diagnostic.
/// </summary>
internal static class MethodShapes
{
    /// <summary>An <c>async void</c> method, a ref return or an iterator: no call of it is instrumented.</summary>
    public static bool NeverInstrumented(IMethodSymbol method) =>
        (method.IsAsync && method.ReturnsVoid) || method.ReturnsByRef || method.ReturnsByRefReadonly || IsIterator(method);

    /// <summary>True when the method body contains <c>yield</c> (outside nested lambdas and local functions).</summary>
    public static bool IsIterator(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var yields = reference.GetSyntax()
                .DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<YieldStatementSyntax>();
            if (yields.Any())
            {
                return true;
            }
        }

        return false;
    }
}
