using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Guard;
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

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.HighCardinalityTag);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(GuardedFixAllAsync);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(RemoveMetricTagCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var site = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        if (site is null)
        {
            return;
        }

        // Each action on its own: one that fails to compute is not offered, the other still is.
        if (await TryAsync(() => MetricTagRemoval.RemoveAsync(context.Document, site, context.CancellationToken)).ConfigureAwait(false) is { } removed)
        {
            context.RegisterCodeFix(CodeFixGuard.Create(nameof(RemoveMetricTagCodeFix), "Remove the high-cardinality tag", context.Document, _ => Task.FromResult(removed), RemoveKey), context.Diagnostics);
        }

        if (await TryAsync(() => MetricTagMove.MoveAsync(context.Document, site, context.CancellationToken)).ConfigureAwait(false) is { } moved)
        {
            context.RegisterCodeFix(CodeFixGuard.Create(nameof(RemoveMetricTagCodeFix), "Move the tag to the current span", context.Document, _ => Task.FromResult(moved), MoveKey), context.Diagnostics);
        }
    }

    private static async Task<Document?> TryAsync(Func<Task<Document?>> fix)
    {
        try
        {
            return await fix().ConfigureAwait(false);
        }
        catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
        {
            return null;
        }
    }

    /// <summary>Fix All leaves a document unchanged (null) rather than throw when fixing it fails.</summary>
    private static async Task<Document?> GuardedFixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        try
        {
            FaultInjection.Check(FaultInjection.Stage.ApplyCodeFix, nameof(RemoveMetricTagCodeFix), null);
            return await FixAllAsync(context, document, diagnostics).ConfigureAwait(false);
        }
        catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
        {
            return null;
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
                ? await MetricTagMove.MoveAsync(document, site, context.CancellationToken).ConfigureAwait(false)
                : await MetricTagRemoval.RemoveAsync(document, site, context.CancellationToken).ConfigureAwait(false);
            document = fixedDocument ?? document;
        }

        return document;
    }
}
