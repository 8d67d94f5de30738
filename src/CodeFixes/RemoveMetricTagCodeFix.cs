using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>
/// INS1002: removes a high-cardinality tag from a hand-written measurement (argument, array or collection element,
/// <c>TagList</c> entry or <c>TagList.Add</c> statement), or moves it to the current span:
/// <c>global::System.Diagnostics.Activity.Current?.SetTag(key, value);</c> inserted just before the statement that
/// creates the tag — inside the lambda when the tag is in one (an expression-bodied lambda or method gets a block
/// body), in a new block for an embedded statement — and only offered when every local and parameter the value
/// reads is in scope there. Fix All applies the chosen action to every tag of the document, one after the other.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveMetricTagCodeFix)), Shared]
public sealed class RemoveMetricTagCodeFix : CodeFixProvider
{
    private const string RemoveKey = nameof(RemoveMetricTagCodeFix);
    private const string MoveKey = nameof(RemoveMetricTagCodeFix) + "Span";
    private const string SetTagCall = "global::System.Diagnostics.Activity.Current?.SetTag";

    private static readonly SymbolDisplayFormat FullyQualifiedWithNullability =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.HighCardinalityTag);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var site = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        if (site is null)
        {
            return;
        }

        if (await RemoveAsync(context.Document, site, context.CancellationToken).ConfigureAwait(false) is { } removed)
        {
            context.RegisterCodeFix(CodeAction.Create("Remove the high-cardinality tag", _ => Task.FromResult(removed), RemoveKey), context.Diagnostics);
        }

        if (await MoveAsync(context.Document, site, context.CancellationToken).ConfigureAwait(false) is { } moved)
        {
            context.RegisterCodeFix(CodeAction.Create("Move the tag to the current span", _ => Task.FromResult(moved), MoveKey), context.Diagnostics);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return null;
        }

        // Mark every site first, then fix them one at a time on the updated document (later fixes see earlier ones).
        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            var site = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!marks.ContainsKey(site))
            {
                marks[site] = new SyntaxAnnotation();
            }
        }

        var order = marks.OrderByDescending(p => p.Key.SpanStart).Select(p => p.Value).ToList();
        document = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
        foreach (var mark in order)
        {
            var current = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var site = current?.GetAnnotatedNodes(mark).FirstOrDefault();
            if (site is null)
            {
                continue;
            }

            var fixedDocument = context.CodeActionEquivalenceKey == MoveKey
                ? await MoveAsync(document, site, context.CancellationToken).ConfigureAwait(false)
                : await RemoveAsync(document, site, context.CancellationToken).ConfigureAwait(false);
            document = fixedDocument ?? document;
        }

        return document;
    }

    /// <summary>The document without the tag at <paramref name="site"/>, or null when it cannot be removed alone.</summary>
    private static async Task<Document?> RemoveAsync(Document document, SyntaxNode site, CancellationToken cancellationToken)
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

        return document.WithSyntaxRoot(Apply(root, removal.Node, removal.Replacement));
    }

    /// <summary>
    /// What to change to drop <paramref name="removable"/>: the node itself (deleted); the whole argument when it was the
    /// argument's only tag; or, for the last element of a <c>new[] { ... }</c> elsewhere (whose type would be lost), the
    /// array replaced by <c>Array.Empty&lt;T&gt;()</c>.
    /// </summary>
    private static (SyntaxNode Node, SyntaxNode? Replacement)? Removal(SyntaxNode removable, SemanticModel model, CancellationToken cancellationToken)
    {
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

    private static SyntaxNode Apply(SyntaxNode root, SyntaxNode node, SyntaxNode? replacement) =>
        replacement is null ? root.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia)! : root.ReplaceNode(node, replacement);

    /// <summary>The document with the tag moved to <c>Activity.Current</c>, or null when that cannot be done safely.</summary>
    private static async Task<Document?> MoveAsync(Document document, SyntaxNode site, CancellationToken cancellationToken)
    {
        var removable = FindRemovable(site);
        var (key, value) = KeyAndValue(site);
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
        if (anchor is null || !ReadsOnlyVisibleSymbols(value, model, anchor.Value.Position, cancellationToken)
            || !ReadsOnlyVisibleSymbols(key, model, anchor.Value.Position, cancellationToken))
        {
            return null;
        }

        if (Removal(removable, model, cancellationToken) is not { } removal)
        {
            return null;
        }

        var tracked = root.TrackNodes(anchor.Value.Node, removal.Node);
        tracked = Apply(tracked, tracked.GetCurrentNode(removal.Node)!, removal.Replacement);
        var target = tracked.GetCurrentNode(anchor.Value.Node);
        switch (target)
        {
            case StatementSyntax statement when statement.Parent is BlockSyntax or SwitchSectionSyntax:
                tracked = tracked.InsertNodesBefore(statement, new[] { setTag.WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()) });
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
                    if (statement is BlockSyntax)
                    {
                        return null;
                    }

                    return (statement, statement.SpanStart, false);
                case StatementSyntax:
                    return null;
                case ExpressionSyntax body when body.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.ExpressionBody == body:
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

    /// <summary>The key and value expressions of the tag at the site (KeyValuePair creation, KeyValuePair.Create, TagList entry or Add).</summary>
    private static (ExpressionSyntax? Key, ExpressionSyntax? Value) KeyAndValue(SyntaxNode site) => site switch
    {
        BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 2 } creation => (creation.ArgumentList!.Arguments[0].Expression, creation.ArgumentList.Arguments[1].Expression),
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } call => (call.ArgumentList.Arguments[0].Expression, call.ArgumentList.Arguments[1].Expression),
        InitializerExpressionSyntax { Expressions.Count: 2 } element when element.IsKind(SyntaxKind.ComplexElementInitializerExpression) => (element.Expressions[0], element.Expressions[1]),
        _ => (null, null),
    };

    /// <summary>The syntax to delete so that the tag at <paramref name="site"/> disappears and the code still compiles, or null.</summary>
    private static SyntaxNode? FindRemovable(SyntaxNode site)
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
