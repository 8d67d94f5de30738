using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Instrumentation.CodeFixes;

/// <summary>The diagnostics a Fix All covers: those of its ids in its document, project or solution, in file and span order.</summary>
internal static class FixAllDiagnostics
{
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

        return builder
            .Where(d => context.DiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }
}
