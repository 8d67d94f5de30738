using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>INS1002: removes a high-cardinality tag from a hand-written measurement (argument, array element, TagList entry).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveMetricTagCodeFix)), Shared]
public sealed class RemoveMetricTagCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.HighCardinalityTag);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        var removable = node is null ? null : FindRemovable(node);
        if (removable is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Remove the high-cardinality tag", _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.RemoveNode(removable, SyntaxRemoveOptions.KeepNoTrivia)!)), nameof(RemoveMetricTagCodeFix)),
            context.Diagnostics);

        var statement = removable.FirstAncestorOrSelf<StatementSyntax>();
        var (key, value) = KeyAndValue(node!);
        if (statement?.Parent is BlockSyntax && key is not null && value is not null && removable is not ExpressionStatementSyntax)
        {
            var setTag = SyntaxFactory.ParseStatement("global::System.Diagnostics.Activity.Current?.SetTag(" + key + ", " + value + ");")
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Move the tag to the current span",
                    _ =>
                    {
                        var tracked = root!.TrackNodes(statement, removable);
                        tracked = tracked.InsertNodesBefore(tracked.GetCurrentNode(statement)!, new[] { setTag });
                        tracked = tracked.RemoveNode(tracked.GetCurrentNode(removable)!, SyntaxRemoveOptions.KeepNoTrivia)!;
                        return Task.FromResult(context.Document.WithSyntaxRoot(tracked));
                    },
                    nameof(RemoveMetricTagCodeFix) + "Span"),
                context.Diagnostics);
        }
    }

    /// <summary>The key and value expressions of the tag at the diagnostic (KeyValuePair creation or TagList entry).</summary>
    private static (string? Key, string? Value) KeyAndValue(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 2 } creation:
                    return (creation.ArgumentList!.Arguments[0].Expression.ToString(), creation.ArgumentList.Arguments[1].Expression.ToString());
                case InitializerExpressionSyntax { Expressions.Count: 2 } element when element.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    return (element.Expressions[0].ToString(), element.Expressions[1].ToString());
                case StatementSyntax:
                    return (null, null);
            }
        }

        return (null, null);
    }

    private static SyntaxNode? FindRemovable(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ArgumentSyntax argument:
                    return argument;
                case InitializerExpressionSyntax { Parent: InitializerExpressionSyntax } complexElement when complexElement.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    return complexElement;
                case ExpressionSyntax expression when expression.Parent is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ArrayInitializerExpression }:
                    return expression;
                case ExpressionSyntax expression when expression.Parent is CollectionElementSyntax element:
                    return element;
                case InvocationExpressionSyntax invocation when invocation.Parent is ExpressionStatementSyntax statement:
                    return statement;
                case StatementSyntax:
                    return null;
            }
        }

        return null;
    }
}
