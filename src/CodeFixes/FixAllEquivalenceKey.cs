using System.Threading.Tasks;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Instrumentation.CodeFixes;

/// <summary>
/// Which action a Fix All applies. The IDE asks with the equivalence key of the action the user chose. <c>dotnet format</c>
/// asks with the key of the first action offered for the first diagnostic, and with none when no fix is offered for that
/// one: then the key is that of the first action offered for the first diagnostic in scope that has a fix — what
/// <c>dotnet format</c> would have chosen without the diagnostics no fix is offered for.
/// </summary>
internal static class FixAllEquivalenceKey
{
    /// <summary>The key to fix with, or null when no diagnostic in scope has a fix (or looking for one failed).</summary>
    public static async Task<string?> ResolveAsync(FixAllContext context)
    {
        if (context.CodeActionEquivalenceKey is { } chosen)
        {
            return chosen;
        }

        try
        {
            foreach (var diagnostic in await FixAllDiagnostics.InOrderAsync(context).ConfigureAwait(false))
            {
                if (await FirstOfferedKeyAsync(context, diagnostic).ConfigureAwait(false) is { } key)
                {
                    return key;
                }
            }
        }
        catch (System.Exception exception) when (AnalyzerGuard.IsCatchable(exception))
        {
            // A failure costs the Fix All action only.
        }

        return null;
    }

    private static async Task<string?> FirstOfferedKeyAsync(FixAllContext context, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is not { } tree || context.Solution.GetDocument(tree) is not { } document)
        {
            return null;
        }

        string? key = null;
        var fixContext = new CodeFixContext(document, diagnostic, (action, _) => key ??= action.EquivalenceKey, context.CancellationToken);
        await context.CodeFixProvider.RegisterCodeFixesAsync(fixContext).ConfigureAwait(false);
        return key;
    }
}
