using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Contract;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.CodeFixes;

/// <summary>
/// INS0400/INS0411: records the item's line in <c>Telemetry.Unshipped.txt</c> (replacing its older line), like RS0016's fix
/// for PublicAPI.Unshipped.txt; the file is created next to <c>Telemetry.Shipped.txt</c> when the project has none.
/// Item lines are kept sorted by key; comments at the top stay. Fix All writes every line of the scope in one change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareTelemetryCodeFix)), Shared]
public sealed class DeclareTelemetryCodeFix : CodeFixProvider
{
    private const string Title = "Record in Telemetry.Unshipped.txt";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.TelemetryNotDeclared, DiagnosticIds.TelemetryLineOutdated);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new FixAll();

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(DeclareTelemetryCodeFix), Register);

    private static Task Register(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Line(diagnostic) is not { } line)
            {
                continue;
            }

            var project = context.Document.Project;
            context.RegisterCodeFix(
                CodeFixGuard.Create(nameof(DeclareTelemetryCodeFix), Title, project.Solution, ct => Record(project, new[] { line }, ct), Title),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static (string Key, string Text)? Line(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(TelemetryContractCheck.LineProperty, out var text) && !string.IsNullOrEmpty(text)
        && diagnostic.Properties.TryGetValue(TelemetryContractCheck.KeyProperty, out var key) && !string.IsNullOrEmpty(key)
            ? (key!, text!)
            : null;

    /// <summary>Writes <paramref name="lines"/> into the project's unshipped file (each replacing the line of its key).</summary>
    private static async Task<Solution> Record(Project project, IReadOnlyCollection<(string Key, string Text)> lines, CancellationToken cancellationToken)
    {
        var unshipped = project.AdditionalDocuments.FirstOrDefault(d => Is(d, TelemetryFile.UnshippedName));
        var existing = unshipped is null ? null : await unshipped.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var text = SourceText.From(UnshippedText.With(existing?.ToString() ?? string.Empty, lines), existing is null ? System.Text.Encoding.UTF8 : existing.Encoding);
        if (unshipped is not null)
        {
            return project.Solution.WithAdditionalDocumentText(unshipped.Id, text);
        }

        var shipped = project.AdditionalDocuments.FirstOrDefault(d => Is(d, TelemetryFile.ShippedName));
        var directory = shipped?.FilePath is { } path ? System.IO.Path.GetDirectoryName(path) : project.FilePath is { } projectPath ? System.IO.Path.GetDirectoryName(projectPath) : null;
        var filePath = directory is null ? null : System.IO.Path.Combine(directory, TelemetryFile.UnshippedName);
        return project.AddAdditionalDocument(TelemetryFile.UnshippedName, text, shipped?.Folders, filePath).Project.Solution;
    }

    private static bool Is(TextDocument document, string name) =>
        string.Equals(System.IO.Path.GetFileName(document.FilePath ?? document.Name), name, System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Fix All: one change per project with every line of the scope's diagnostics.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var projects = fixAllContext.Scope switch
            {
                FixAllScope.Solution => fixAllContext.Solution.Projects.ToList(),
                _ => new List<Project> { fixAllContext.Project },
            };

            var perProject = new List<(ProjectId Id, List<(string Key, string Text)> Lines)>();
            foreach (var project in projects)
            {
                var diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document
                    ? await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                    : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                var lines = diagnostics.Where(d => fixAllContext.DiagnosticIds.Contains(d.Id)).Select(Line).Where(l => l is not null).Select(l => l!.Value).ToList();
                if (lines.Count > 0)
                {
                    perProject.Add((project.Id, lines));
                }
            }

            var solution = fixAllContext.Solution;
            return CodeFixGuard.Create(
                nameof(DeclareTelemetryCodeFix),
                Title,
                solution,
                async ct =>
                {
                    var changed = solution;
                    foreach (var (id, lines) in perProject)
                    {
                        changed = await Record(changed.GetProject(id)!, lines, ct).ConfigureAwait(false);
                    }

                    return changed;
                },
                Title);
        }
    }
}
