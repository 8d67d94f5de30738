using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Instrumentation.CodeFixes;

/// <summary>The diagnostics a Fix All covers: those its diagnostic provider gives for its document, project or solution.</summary>
internal static class FixAllDiagnostics
{
    /// <summary>The diagnostics of the scope, in the provider's order.</summary>
    public static async Task<ImmutableArray<Diagnostic>> InScopeAsync(FixAllContext context)
    {
        var builder = ImmutableArray.CreateBuilder<Diagnostic>();
        switch (context.Scope)
        {
            case FixAllScope.Document:
                if (context.Document is { } document)
                {
                    builder.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                }

                break;
            case FixAllScope.Project:
                builder.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                break;
            default:
                foreach (var project in context.Solution.Projects)
                {
                    builder.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
        }

        return builder.ToImmutable();
    }

    /// <summary>The diagnostics of the scope with the Fix All's ids, in file and span order.</summary>
    public static async Task<ImmutableArray<Diagnostic>> InOrderAsync(FixAllContext context) =>
        (await InScopeAsync(context).ConfigureAwait(false))
            .Where(d => context.DiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
}
