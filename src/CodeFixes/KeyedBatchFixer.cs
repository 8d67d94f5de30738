using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Instrumentation.CodeFixes;

/// <summary>
/// Roslyn's batch fixer, asked with an equivalence key even when its caller has none. <c>dotnet format</c> asks with the
/// key of the first diagnostic's action, none when the fix is not offered for that one, and the batch fixer then
/// returns no Fix All action ("Code fix ... didn't return a Fix All action"); here the key is resolved by
/// <see cref="FixAllEquivalenceKey"/> instead, so every diagnostic in scope whose fix offers that key is fixed and the
/// others are left as they are. Asked with a key (the IDE), it is the batch fixer.
/// </summary>
internal sealed class KeyedBatchFixer : FixAllProvider
{
    public static readonly KeyedBatchFixer Instance = new();

    private KeyedBatchFixer()
    {
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is null)
        {
            if (await FixAllEquivalenceKey.ResolveAsync(fixAllContext).ConfigureAwait(false) is not { } key)
            {
                return null;
            }

            var diagnostics = new Delegating(fixAllContext);
            fixAllContext = fixAllContext.Document is { } document
                ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, key, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken)
                : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, key, fixAllContext.DiagnosticIds, diagnostics, fixAllContext.CancellationToken);
        }

        return await WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext).ConfigureAwait(false);
    }

    private sealed class Delegating(FixAllContext context) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Enumerate(context.GetDocumentDiagnosticsAsync(document));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Enumerate(context.GetProjectDiagnosticsAsync(project));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Enumerate(context.GetAllDiagnosticsAsync(project));

        private static async Task<IEnumerable<Diagnostic>> Enumerate(Task<ImmutableArray<Diagnostic>> diagnostics) =>
            await diagnostics.ConfigureAwait(false);
    }
}
