using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>
/// Moves a hand-written metric tag to the current span: <c>global::System.Diagnostics.Activity.Current?.SetTag(key, value);</c>
/// goes just before the statement that creates the tag — inside the lambda when the tag is in one (an expression-bodied
/// lambda, method or local function gets a block body), in a new block for an embedded statement — and only where every
/// local and parameter the key and value read is declared and in scope there.
/// </summary>
internal static class MetricTagMove
{
    private const string SetTagCall = "global::System.Diagnostics.Activity.Current?.SetTag";

    /// <summary>The document with the tag moved to <c>Activity.Current</c>, or null when that cannot be done safely.</summary>
    public static async Task<Document?> MoveAsync(Document document, SyntaxNode site, CancellationToken cancellationToken)
    {
        var removable = MetricTagRemoval.FindRemovable(site);
        var (key, value) = MetricTagRemoval.KeyAndValue(site);
        if (removable is null || key is null || value is null)
        {
            return null;
        }

        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        var setTag = (ExpressionStatementSyntax)SyntaxFactory.ParseStatement(SetTagCall + "(" + key.WithoutTrivia().ToFullString() + ", " + value.WithoutTrivia().ToFullString() + ");");

        // tags.Add("user_id", id); becomes the SetTag call in place.
        if (removable is ExpressionStatementSyntax statementToReplace)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(statementToReplace, setTag.WithTriviaFrom(statementToReplace)));
        }

        var anchor = Anchor(removable, model, cancellationToken);
        if (anchor is null || !EvaluatedFirstAndAlways(removable, anchor.Value.Node) || !ReadsOnlyVisibleSymbols(value, model, anchor.Value.Position, cancellationToken)
            || !ReadsOnlyVisibleSymbols(key, model, anchor.Value.Position, cancellationToken))
        {
            return null;
        }

        if (MetricTagRemoval.Removal(removable, model, cancellationToken) is not { } removal)
        {
            return null;
        }

        var tracked = root.TrackNodes(anchor.Value.Node, removal.Node);
        tracked = MetricTagRemoval.ApplyWithExplicitSiblings(tracked, tracked.GetCurrentNode(removal.Node)!, removal.Replacement, model, cancellationToken);
        var target = tracked.GetCurrentNode(anchor.Value.Node);
        switch (target)
        {
            case StatementSyntax statement when statement.Parent is BlockSyntax or SwitchSectionSyntax:
                // The statement's leading trivia (comments, #if) now introduces the SetTag; the statement keeps its indentation.
                var leading = statement.GetLeadingTrivia();
                var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                    ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                    : SyntaxFactory.TriviaList();
                var ownLine = leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsDirective)
                    || statement.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                tracked = tracked.ReplaceNode(statement, new SyntaxNode[]
                {
                    setTag.WithLeadingTrivia(leading).WithTrailingTrivia(ownLine ? CodeFixHelpers.EndOfLine(root) : SyntaxFactory.Space),
                    statement.WithLeadingTrivia(ownLine ? indentation : SyntaxFactory.TriviaList()),
                });
                break;
            case StatementSyntax statement:
                tracked = tracked.ReplaceNode(statement, Block(setTag, statement.WithoutTrivia()).WithTriviaFrom(statement));
                break;
            case ExpressionSyntax body:
                var returns = anchor.Value.ReturnsValue;
                StatementSyntax last = returns ? SyntaxFactory.ReturnStatement(body.WithoutTrivia()) : SyntaxFactory.ExpressionStatement(body.WithoutTrivia());
                var block = Block(setTag, last);
                tracked = body.Parent switch
                {
                    AnonymousFunctionExpressionSyntax lambda => tracked.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(block)),
                    ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => tracked.ReplaceNode(method, method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block)),
                    ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax local } => tracked.ReplaceNode(local, local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block)),
                    _ => tracked,
                };
                break;
            default:
                return null;
        }

        var formatted = await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(document.WithSyntaxRoot(tracked), Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return formatted;
    }

    /// <summary>A block of two statements on their own lines, formatted where it lands.</summary>
    private static BlockSyntax Block(StatementSyntax first, StatementSyntax second) =>
        SyntaxFactory.Block(
                first.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker),
                second.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker))
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);

    /// <summary>
    /// Where the SetTag call goes: the innermost statement containing the tag, or the expression body of the
    /// innermost lambda, method or local function containing it. Null where no statement can go (a field initializer,
    /// a property's expression body, a top-level statement).
    /// </summary>
    private static (SyntaxNode Node, int Position, bool ReturnsValue)? Anchor(SyntaxNode removable, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var current = removable.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case StatementSyntax statement when statement.Parent is GlobalStatementSyntax:
                    return null;
                case StatementSyntax statement when statement.Parent is BlockSyntax or SwitchSectionSyntax
                    or IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
                    or CommonForEachStatementSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax:
                    if (statement is BlockSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax)
                    {
                        // A loop's condition or incrementor runs at every iteration, a SetTag before the loop once.
                        return null;
                    }

                    return (statement, statement.SpanStart, false);
                case StatementSyntax:
                    return null;
                case ExpressionSyntax body when body.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.ExpressionBody == body:
                    if (IsExpressionTree(model.GetTypeInfo(lambda, cancellationToken).ConvertedType))
                    {
                        // An expression tree cannot have a statement body.
                        return null;
                    }

                    return (body, body.SpanStart, ReturnsValue(model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol));
                case ExpressionSyntax body when body.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method }:
                    return (body, body.SpanStart, ReturnsValue(model.GetDeclaredSymbol(method, cancellationToken)));
                case ExpressionSyntax body when body.Parent is ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax local }:
                    return (body, body.SpanStart, ReturnsValue(model.GetDeclaredSymbol(local, cancellationToken) as IMethodSymbol));
                case ArrowExpressionClauseSyntax:
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static bool IsExpressionTree(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.Name is "Expression" or "LambdaExpression" && current.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a SetTag before <paramref name="anchor"/> reads the tag's key and value as the tag did: the tag is created
    /// whenever the anchor runs (not in one branch of <c>?:</c>, a switch arm, the right of <c>&amp;&amp;</c>,
    /// <c>||</c>, <c>??</c> or after <c>?.</c>), and nothing evaluated before it in the anchor (a call other than
    /// <c>KeyValuePair.Create</c>, an assignment, <c>i++</c>, <c>await</c>) can change what they read.
    /// </summary>
    private static bool EvaluatedFirstAndAlways(SyntaxNode removable, SyntaxNode anchor)
    {
        // Up to the anchor and the anchor itself (an expression body such as 'sampled ? ... : ...').
        for (var current = removable.Parent; current is not null && current != anchor.Parent; current = current.Parent)
        {
            if (current is ConditionalExpressionSyntax or SwitchExpressionSyntax or SwitchExpressionArmSyntax or ConditionalAccessExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }
                or AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression }
                or QueryExpressionSyntax or AnonymousFunctionExpressionSyntax)
            {
                return false;
            }
        }

        foreach (var node in anchor.DescendantNodesAndSelf())
        {
            if (node.Span.End <= removable.SpanStart
                && node is InvocationExpressionSyntax { Expression: not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "KeyValuePair" }, Name.Identifier.ValueText: "Create" } }
                    or AssignmentExpressionSyntax or AwaitExpressionSyntax
                    or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
                    or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the body's value is returned: not void, and not the plain Task/ValueTask of an async method.</summary>
    private static bool ReturnsValue(IMethodSymbol? method)
    {
        if (method is null || method.ReturnsVoid)
        {
            return false;
        }

        return !(method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
    }

    /// <summary>True when every local, parameter or range variable the expression reads is declared and in scope at <paramref name="position"/>.</summary>
    private static bool ReadsOnlyVisibleSymbols(ExpressionSyntax expression, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is not (ILocalSymbol or IParameterSymbol or IRangeVariableSymbol))
            {
                continue;
            }

            if (symbol.Locations.FirstOrDefault() is { IsInSource: true } declared && declared.SourceTree == expression.SyntaxTree && declared.SourceSpan.Start >= position)
            {
                return false;
            }

            if (!model.LookupSymbols(position, name: symbol.Name).Any(visible => SymbolEqualityComparer.Default.Equals(visible, symbol)))
            {
                return false;
            }
        }

        return true;
    }
}
