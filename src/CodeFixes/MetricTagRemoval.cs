using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>Where a hand-written metric tag is in the syntax, and how to take it out so that the code still compiles.</summary>
internal static class MetricTagRemoval
{
    private static readonly SymbolDisplayFormat FullyQualifiedWithNullability =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The document without the tag at <paramref name="site"/>, or null when it cannot be removed alone.</summary>
    public static async Task<Document?> RemoveAsync(Document document, SyntaxNode site, CancellationToken cancellationToken)
    {
        var removable = FindRemovable(site);
        if (removable is null)
        {
            return null;
        }

        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || Removal(removable, model, cancellationToken) is not { } removal)
        {
            return null;
        }

        return document.WithSyntaxRoot(ApplyWithExplicitSiblings(root, removal.Node, removal.Replacement, model, cancellationToken));
    }

    /// <summary>
    /// <see cref="Apply"/>, after writing the type of every other target-typed <c>new(...)</c> argument of the call a
    /// removed argument leaves: <c>Add(1, new("ok", ok), new("user_id", id))</c> bound to <c>Add(T, KeyValuePair,
    /// KeyValuePair)</c>, but <c>Add(1, new("ok", ok))</c> is ambiguous between <c>Add(T, KeyValuePair)</c> and the
    /// <c>params</c> overloads (CS0121). <paramref name="model"/> is for a tree with the text of <paramref name="root"/>
    /// (the document's, or the same with tracked nodes).
    /// </summary>
    public static SyntaxNode ApplyWithExplicitSiblings(SyntaxNode root, SyntaxNode node, SyntaxNode? replacement, SemanticModel model, CancellationToken cancellationToken)
    {
        var explicitForms = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
        if (replacement is null && node is ArgumentSyntax { Parent: ArgumentListSyntax list })
        {
            var modelRoot = model.SyntaxTree.GetRoot(cancellationToken);
            foreach (var argument in list.Arguments)
            {
                if (argument == node || argument.Expression is not ImplicitObjectCreationExpressionSyntax implicitNew
                    || modelRoot.FindNode(implicitNew.Span, getInnermostNodeForTie: true) is not ImplicitObjectCreationExpressionSyntax modelNew
                    || model.GetTypeInfo(modelNew, cancellationToken).Type is not { } type || type.TypeKind == TypeKind.Error)
                {
                    continue;
                }

                explicitForms[implicitNew] = SyntaxFactory.ObjectCreationExpression(
                        SyntaxFactory.Token(implicitNew.NewKeyword.LeadingTrivia, SyntaxKind.NewKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        SyntaxFactory.ParseTypeName(type.ToDisplayString(FullyQualifiedWithNullability)),
                        implicitNew.ArgumentList.WithLeadingTrivia(implicitNew.NewKeyword.TrailingTrivia),
                        implicitNew.Initializer);
            }
        }

        if (explicitForms.Count == 0)
        {
            return Apply(root, node, replacement);
        }

        var tracked = root.TrackNodes(explicitForms.Keys.Append(node));
        var current = explicitForms.ToDictionary(p => tracked.GetCurrentNode(p.Key)!, p => p.Value);
        tracked = tracked.ReplaceNodes(current.Keys, (original, _) => current[original]);
        return Apply(tracked, tracked.GetCurrentNode(node)!, replacement);
    }

    /// <summary>
    /// What to change to drop <paramref name="removable"/>: the node itself (deleted); the whole argument when it was the
    /// argument's only tag; or, for the last element of a <c>new[] { ... }</c> elsewhere (whose type would be lost), the
    /// array replaced by <c>Array.Empty&lt;T&gt;()</c>.
    /// </summary>
    public static (SyntaxNode Node, SyntaxNode? Replacement)? Removal(SyntaxNode removable, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (removable)
        {
            // A top-level statement: the global statement goes.
            case StatementSyntax { Parent: GlobalStatementSyntax global }:
                return (global, null);

            // The embedded statement of if/else/while/for/using/lock/a label cannot be removed: it becomes an empty block.
            case StatementSyntax statement when statement.Parent is not (BlockSyntax or SwitchSectionSyntax):
                return (statement, SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        default,
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList()))
                    .WithTriviaFrom(statement));
        }

        // The only tag of an array or collection passed as an argument: drop the argument (Record(1.0), new TagList()).
        var container = removable.Parent is InitializerExpressionSyntax { Expressions.Count: 1 } initializer ? initializer.Parent
            : removable.Parent is CollectionExpressionSyntax { Elements.Count: 1 } collection ? collection
            : null;
        if (container is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax
            && container.Parent is ArgumentSyntax { Parent: ArgumentListSyntax } argument)
        {
            return (argument, null);
        }

        if (removable.Parent is InitializerExpressionSyntax { Parent: ImplicitArrayCreationExpressionSyntax array, Expressions.Count: 1 })
        {
            if (model.GetTypeInfo(array, cancellationToken).Type is not IArrayTypeSymbol arrayType)
            {
                return null;
            }

            var empty = SyntaxFactory.ParseExpression("global::System.Array.Empty<" + arrayType.ElementType.ToDisplayString(FullyQualifiedWithNullability) + ">()");
            return (array, empty.WithTriviaFrom(array));
        }

        return (removable, null);
    }

    /// <summary>Removes or replaces the node; a removed node's preprocessor directives stay (an <c>#if</c> keeps its <c>#endif</c>).</summary>
    public static SyntaxNode Apply(SyntaxNode root, SyntaxNode node, SyntaxNode? replacement)
    {
        if (replacement is not null)
        {
            return root.ReplaceNode(node, replacement);
        }

        if (RemoveFromSeparatedList(root, node) is { } withoutElement)
        {
            return withoutElement;
        }

        // The leading trivia up to its last directive (#if, #region...) moves to the next token, as it was written.
        var leading = node.GetLeadingTrivia();
        var lastDirective = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsDirective)
            {
                lastDirective = i;
            }
        }

        var next = node.GetLastToken().GetNextToken(includeZeroWidth: true);
        if (lastDirective < 0 || next.IsKind(SyntaxKind.None))
        {
            return root.RemoveNode(node, lastDirective < 0 ? SyntaxRemoveOptions.KeepNoTrivia : SyntaxRemoveOptions.KeepDirectives)!;
        }

        var kept = SyntaxFactory.TriviaList(leading.Take(lastDirective + 1)).AddRange(next.LeadingTrivia);
        var tracked = root.TrackNodes(node);
        tracked = tracked.ReplaceToken(tracked.GetCurrentNode(node)!.GetLastToken().GetNextToken(includeZeroWidth: true), next.WithLeadingTrivia(kept));
        return tracked.RemoveNode(tracked.GetCurrentNode(node)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }

    /// <summary>
    /// Removes an element of an initializer, collection expression or argument list with one separator: the comma after
    /// it, or for the last element the comma before it, whose comment then stays with the element before. The element's
    /// preprocessor directives move to the token after it, on their own lines: removing the node with Roslyn's
    /// RemoveNode took the comma before an element that a trailing comma followed and left its <c>#if</c> after the
    /// previous element's last token (<c>{ "ok", ok }#if DEBUG</c>, CS1040). Null when the node is no such element.
    /// </summary>
    private static SyntaxNode? RemoveFromSeparatedList(SyntaxNode root, SyntaxNode node)
    {
        var parent = node.Parent;
        var items = parent switch
        {
            InitializerExpressionSyntax initializer => initializer.Expressions.GetWithSeparators(),
            CollectionExpressionSyntax collection => collection.Elements.GetWithSeparators(),
            ArgumentListSyntax arguments => arguments.Arguments.GetWithSeparators(),
            _ => default,
        };
        var index = items.IndexOf(node);
        if (parent is null || index < 0 || items.Count < 2)
        {
            return null;
        }

        var leading = node.GetLeadingTrivia();
        var lastDirective = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsDirective)
            {
                lastDirective = i;
            }
        }

        var directives = SyntaxFactory.TriviaList(leading.Take(lastDirective + 1));
        var list = items.ToList();
        var followedBySeparator = index + 1 < items.Count;
        if (followedBySeparator)
        {
            list.RemoveRange(index, 2);
        }
        else
        {
            // The comma before goes; its trailing comment (about the element before) stays there, else the removed
            // element's own line break does.
            var separator = items[index - 1].AsToken();
            var trailing = separator.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                ? separator.TrailingTrivia
                : node.GetTrailingTrivia();
            list.RemoveRange(index - 1, 2);
            var previous = list[index - 2];
            if (previous.AsNode() is { } previousNode)
            {
                list[index - 2] = previousNode.WithTrailingTrivia(previousNode.GetTrailingTrivia().AddRange(trailing));
            }
        }

        // The element after the removed ones, or the list's closing token, gets the directives first.
        var nextIndex = followedBySeparator ? index : -1;
        if (directives.Count > 0 && nextIndex >= 0 && nextIndex < list.Count && list[nextIndex].AsNode() is { } nextNode)
        {
            list[nextIndex] = nextNode.WithLeadingTrivia(directives.AddRange(nextNode.GetLeadingTrivia()));
            directives = SyntaxFactory.TriviaList();
        }

        var rebuilt = SyntaxFactory.NodeOrTokenList(list);
        SyntaxNode replacement = parent switch
        {
            InitializerExpressionSyntax initializer => initializer
                .WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(rebuilt))
                .WithCloseBraceToken(initializer.CloseBraceToken.WithLeadingTrivia(directives.AddRange(initializer.CloseBraceToken.LeadingTrivia))),
            CollectionExpressionSyntax collection => collection
                .WithElements(SyntaxFactory.SeparatedList<CollectionElementSyntax>(rebuilt))
                .WithCloseBracketToken(collection.CloseBracketToken.WithLeadingTrivia(directives.AddRange(collection.CloseBracketToken.LeadingTrivia))),
            ArgumentListSyntax arguments => arguments
                .WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(rebuilt))
                .WithCloseParenToken(arguments.CloseParenToken.WithLeadingTrivia(directives.AddRange(arguments.CloseParenToken.LeadingTrivia))),
            _ => parent,
        };
        return root.ReplaceNode(parent, replacement);
    }

    /// <summary>The key and value expressions of the tag at the site (KeyValuePair creation, KeyValuePair.Create, TagList entry or Add).</summary>
    public static (ExpressionSyntax? Key, ExpressionSyntax? Value) KeyAndValue(SyntaxNode site) => site switch
    {
        BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 2 } creation => (creation.ArgumentList!.Arguments[0].Expression, creation.ArgumentList.Arguments[1].Expression),
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } call => (call.ArgumentList.Arguments[0].Expression, call.ArgumentList.Arguments[1].Expression),
        InitializerExpressionSyntax { Expressions.Count: 2 } element when element.IsKind(SyntaxKind.ComplexElementInitializerExpression) => (element.Expressions[0], element.Expressions[1]),
        _ => (null, null),
    };

    /// <summary>The syntax to delete so that the tag at <paramref name="site"/> disappears and the code still compiles, or null.</summary>
    public static SyntaxNode? FindRemovable(SyntaxNode site)
    {
        switch (site)
        {
            case InitializerExpressionSyntax element when element.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                // { "user_id", id } in a TagList initializer.
                return element;
            case InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } when IsTagListAddShape(site):
                // tags.Add("user_id", id);
                return statement;
        }

        switch (site.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } } }:
                // tags.Add(new KeyValuePair<string, object?>("user_id", id));
                return statement;
            case ArgumentSyntax { Parent: ArgumentListSyntax list } when list.Arguments.Any(a => a.NameColon is not null):
                // Named arguments (tag1:, tag2:) name the parameters of one overload: without one of them, no overload fits.
                return null;
            case ArgumentSyntax argument:
                return argument;
            case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ArrayInitializerExpression) || initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                return site;
            case ExpressionElementSyntax element:
                return element;
            default:
                return null;
        }
    }

    private static bool IsTagListAddShape(SyntaxNode site) =>
        site is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" }, ArgumentList.Arguments.Count: 2 };
}
