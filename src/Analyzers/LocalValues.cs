using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// Cheap local tracking: the value a local holds when it is written exactly once in its scope (its
/// initializer, or one plain assignment). Anything else — a second write, <c>ref</c>/<c>out</c> use,
/// an element assignment, a deconstruction — makes the local unknown, and callers fall back to its type.
/// </summary>
internal static class LocalValues
{
    /// <summary>The single value written to <paramref name="local"/>, or null when it cannot be told.</summary>
    public static IOperation? SingleWrite(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1 || local.IsRef)
        {
            return null;
        }

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax statement
            || statement.Parent is null)
        {
            return null;
        }

        var name = declarator.Identifier.ValueText;
        ExpressionSyntax? written = declarator.Initializer?.Value;
        var writes = written is null ? 0 : 1;
        foreach (var node in statement.Parent.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when Mentions(assignment.Left, name):
                    writes++;
                    written = assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left is IdentifierNameSyntax ? assignment.Right : null;
                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.Operand is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name
                    && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)):
                case PostfixUnaryExpressionSyntax postfix when postfix.Operand is IdentifierNameSyntax { Identifier.ValueText: var text2 } && text2 == name
                    && (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression)):
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && Mentions(argument.Expression, name):
                case RefExpressionSyntax reference when Mentions(reference.Expression, name):
                    writes++;
                    written = null;
                    break;
            }

            if (writes > 1)
            {
                return null;
            }
        }

        return writes == 1 && written is not null ? model.GetOperation(written, cancellationToken) : null;
    }

    /// <summary>The collection a <c>foreach</c> variable iterates over, or null.</summary>
    public static IOperation? ForEachCollection(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ForEachStatementSyntax loop
            || loop.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(loop.Expression, cancellationToken);
    }

    private static bool Mentions(ExpressionSyntax target, string name)
    {
        foreach (var node in target.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }
}
