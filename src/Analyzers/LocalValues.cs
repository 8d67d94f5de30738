using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// Cheap local tracking: the values a local is written in its scope (its initializer and plain assignments). Anything
/// else — <c>ref</c>/<c>out</c> use, a compound assignment, an element assignment, a deconstruction — makes the local
/// unknown, and callers fall back to its type.
/// </summary>
internal static class LocalValues
{
    /// <summary>The single value written to <paramref name="local"/>, or null when it cannot be told.</summary>
    public static IOperation? SingleWrite(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken) =>
        Writes(local, model, cancellationToken) is { Count: 1 } writes ? writes[0] : null;

    /// <summary>Most writes followed: a local assigned more often is unknown.</summary>
    private const int MaxWrites = 16;

    /// <summary>
    /// Every value written to <paramref name="local"/> (its initializer and its plain assignments), or null when one write
    /// cannot be told (a compound assignment, <c>++</c>, <c>ref</c>/<c>out</c>, a deconstruction) or there are none:
    /// <c>var outcome = "ok"; … catch { outcome = "error"; }</c> holds one of two constants (a migration trial's INS1002
    /// on such a tag broke its warnings-as-errors build).
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<IOperation>? Writes(ILocalSymbol local, SemanticModel? model, CancellationToken cancellationToken)
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
        var written = new System.Collections.Generic.List<ExpressionSyntax>();
        if (declarator.Initializer?.Value is { } initializer)
        {
            written.Add(initializer);
        }

        foreach (var node in statement.Parent.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when Mentions(assignment.Left, name):
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Left is not IdentifierNameSyntax)
                    {
                        return null;
                    }

                    written.Add(assignment.Right);
                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.Operand is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name
                    && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)):
                case PostfixUnaryExpressionSyntax postfix when postfix.Operand is IdentifierNameSyntax { Identifier.ValueText: var text2 } && text2 == name
                    && (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression)):
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && Mentions(argument.Expression, name):
                case RefExpressionSyntax reference when Mentions(reference.Expression, name):
                    return null;
            }

            if (written.Count > MaxWrites)
            {
                return null;
            }
        }

        if (written.Count == 0)
        {
            return null;
        }

        var operations = new System.Collections.Generic.List<IOperation>(written.Count);
        foreach (var expression in written)
        {
            if (model.GetOperation(expression, cancellationToken) is not { } operation)
            {
                return null;
            }

            operations.Add(operation);
        }

        return operations;
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
