using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Instrumentation.CodeFixes;

/// <summary>
/// Keeps exceptions inside the code fixes: a provider that fails while looking for fixes offers none (instead of the
/// IDE disabling it), and an action that fails while computing its change changes nothing. Cancellation propagates.
/// </summary>
internal static class CodeFixGuard
{
    /// <summary>
    /// Runs <paramref name="register"/> against a context that only collects the actions, and registers them with the
    /// real <paramref name="context"/> once it has completed: a failure half-way offers no fix at all.
    /// </summary>
    public static async Task RegisterAsync(CodeFixContext context, string component, Func<CodeFixContext, Task> register)
    {
        var actions = new List<(CodeAction Action, ImmutableArray<Diagnostic> Diagnostics)>();
        try
        {
            FaultInjection.Check(FaultInjection.Stage.RegisterCodeFix, component, null);
            var collecting = new CodeFixContext(
                context.Document,
                context.Span,
                context.Diagnostics,
                (action, diagnostics) =>
                {
                    lock (actions)
                    {
                        actions.Add((action, diagnostics));
                    }
                },
                context.CancellationToken);
            await register(collecting).ConfigureAwait(false);
        }
        catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
        {
            return;
        }

        foreach (var (action, diagnostics) in actions)
        {
            context.RegisterCodeFix(action, diagnostics);
        }
    }

    /// <summary>A document-changing action that leaves <paramref name="unchanged"/> as it is when computing the change fails.</summary>
    public static CodeAction Create(string component, string title, Document unchanged, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey) =>
        CodeAction.Create(
            title,
            async cancellationToken =>
            {
                try
                {
                    FaultInjection.Check(FaultInjection.Stage.ApplyCodeFix, component, null);
                    return await createChangedDocument(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
                {
                    return unchanged;
                }
            },
            equivalenceKey);

    /// <summary>A solution-changing action that leaves <paramref name="unchanged"/> as it is when computing the change fails.</summary>
    public static CodeAction Create(string component, string title, Solution unchanged, Func<CancellationToken, Task<Solution>> createChangedSolution, string equivalenceKey) =>
        CodeAction.Create(
            title,
            async cancellationToken =>
            {
                try
                {
                    FaultInjection.Check(FaultInjection.Stage.ApplyCodeFix, component, null);
                    return await createChangedSolution(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
                {
                    return unchanged;
                }
            },
            equivalenceKey);
}
