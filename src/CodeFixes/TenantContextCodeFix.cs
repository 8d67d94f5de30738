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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.CodeFixes;

/// <summary>
/// INS0006 (reported by the operation generator at the method name):
/// <list type="bullet">
/// <item>mark the existing org and/or project parameters <c>[OrgId]</c>/<c>[ProjectId]</c> (whichever exist);</item>
/// <item>add a required <c>TenantContext tenant</c> parameter — to the method and, when it implements an interface
/// member or overrides a base method, to that declaration and every other implementation/override too — and pass a
/// tenant at every call site in the solution: the caller's <c>TenantContext</c> (parameter, local, field or property),
/// an <c>ITenantScoped</c> value's <c>Tenant</c>, <c>new TenantContext(org, project)</c> from the call's own org/project
/// arguments, or, where the caller has none, an explicit <c>default</c> that the reader can see and replace. Not offered
/// when a declaration is outside the solution's source or the method is used other than by calls (a method group).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TenantContextCodeFix)), Shared]
public sealed class TenantContextCodeFix : CodeFixProvider
{
    private static readonly string[] OrgNames = { "org", "orgid", "organization", "organizationid", "organisation", "organisationid", "tenantid" };
    private static readonly string[] ProjectNames = { "project", "projectid" };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingTenantContext);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => KeyedBatchFixer.Instance;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(TenantContextCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (method is null || model?.GetDeclaredSymbol(method, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }

        var org = FindUnmarked(symbol, OrgNames, "OrgIdAttribute");
        var project = FindUnmarked(symbol, ProjectNames, "ProjectIdAttribute");
        if (org is not null || project is not null)
        {
            var title = org is not null && project is not null
                ? "Mark '" + org.Name + "' as [OrgId] and '" + project.Name + "' as [ProjectId]"
                : org is not null ? "Mark '" + org.Name + "' as [OrgId]" : "Mark '" + project!.Name + "' as [ProjectId]";
            context.RegisterCodeFix(
                CodeFixGuard.Create(nameof(TenantContextCodeFix), title, context.Document, ct => MarkAsync(context.Document, method, org?.Name, project?.Name, ct), nameof(TenantContextCodeFix) + "Mark"),
                context.Diagnostics);
        }

        if (symbol.Parameters.Any(p => p.Type.Name == "TenantContext"))
        {
            return;
        }

        var family = await MethodFamily.FamilyAsync(symbol, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false);
        if (family is null)
        {
            return;
        }

        var calls = await MethodFamily.CallSitesAsync(family, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false);
        if (calls is null)
        {
            return;
        }

        var title2 = family.Count > 1
            ? "Add a TenantContext parameter (to all " + family.Count + " declarations and their callers)"
            : "Add a TenantContext parameter (callers pass their tenant)";
        var solution = context.Document.Project.Solution;
        if (calls.Count > MaxCheckedCalls || calls.Select(c => c.Document).Distinct().Count() > MaxCheckedDocuments)
        {
            // Too many callers to compile the change each time the lightbulb asks: computed when applied, as before.
            context.RegisterCodeFix(
                CodeFixGuard.Create(nameof(TenantContextCodeFix), title2, solution, ct => AddParameterAsync(solution, symbol, family, calls, ct), nameof(TenantContextCodeFix) + "Add"),
                context.Diagnostics);
            return;
        }

        // The change is computed here: an overload it would make ambiguous or duplicate, a signature the language
        // rejects, or an argument the call site cannot use shows as a new compile error, and the action is not offered.
        // A failure here costs this action only, never the Mark action registered above.
        Solution changed;
        try
        {
            changed = await AddParameterAsync(solution, symbol, family, calls, context.CancellationToken).ConfigureAwait(false);
            if (await IntroducesErrorsAsync(solution, changed, context.CancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeFixGuard.Create(nameof(TenantContextCodeFix), title2, solution, _ => Task.FromResult(changed), nameof(TenantContextCodeFix) + "Add"),
            context.Diagnostics);
    }

    /// <summary>Beyond this many call sites (or documents holding them) the change is not compiled before it is offered.</summary>
    private const int MaxCheckedCalls = 200;

    private const int MaxCheckedDocuments = 40;

    /// <summary>
    /// True when a document the change touches has more compile errors of some id than before. Counted by id, not by
    /// message: an error already there (a call missing an argument, CS7036) quotes the signature the change edits,
    /// and compared by message it counted as new and withheld the fix.
    /// </summary>
    private static async Task<bool> IntroducesErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                var old = await ErrorsAsync(before.GetDocument(documentId), cancellationToken).ConfigureAwait(false);
                foreach (var error in await ErrorsAsync(after.GetDocument(documentId), cancellationToken).ConfigureAwait(false))
                {
                    if (!old.Remove(error))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static async Task<List<string>> ErrorsAsync(Document? document, CancellationToken cancellationToken)
    {
        var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? new List<string>()
            : model.GetDiagnostics(cancellationToken: cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.Id)
                .ToList();
    }

    private static IParameterSymbol? FindUnmarked(IMethodSymbol method, string[] names, string marker) =>
        method.Parameters.FirstOrDefault(p =>
            names.Contains(p.Name.Replace("_", string.Empty).ToLowerInvariant())
            && (p.Type.SpecialType == SpecialType.System_String || p.Type.Name == "Guid")
            && !p.GetAttributes().Any(a => a.AttributeClass?.Name == marker));

    private static async Task<Document> MarkAsync(Document document, MethodDeclarationSyntax method, string? org, string? project, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var targets = method.ParameterList.Parameters.Where(p => p.Identifier.ValueText == org || p.Identifier.ValueText == project).ToList();
        var newMethod = method.ReplaceNodes(targets, (original, _) =>
            CodeFixHelpers.WithAttributeList(original, CodeFixHelpers.AttributeList(CodeFixHelpers.AttributeName(method, original.Identifier.ValueText == org ? "OrgId" : "ProjectId"))));
        return document.WithSyntaxRoot(root.ReplaceNode(method, newMethod));
    }

    private static async Task<Solution> AddParameterAsync(Solution solution, IMethodSymbol method, List<IMethodSymbol> family, List<(DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span)> calls, CancellationToken cancellationToken)
    {
        var parameterName = await FreeParameterNameAsync(family, cancellationToken).ConfigureAwait(false);
        // Before the first optional, params or CancellationToken parameter of any declaration (an interface's
        // optional parameter may be required in the implementation).
        var index = family.Min(member => member.Parameters.TakeWhile(p => !p.HasExplicitDefaultValue && !p.IsParams && !p.IsOptional && p.Type.Name != "CancellationToken").Count());
        var orgOrdinal = method.Parameters.FirstOrDefault(p => OrgNames.Contains(p.Name.Replace("_", string.Empty).ToLowerInvariant()) && p.Type.SpecialType == SpecialType.System_String)?.Ordinal;
        var projectOrdinal = method.Parameters.FirstOrDefault(p => ProjectNames.Contains(p.Name.Replace("_", string.Empty).ToLowerInvariant()) && p.Type.SpecialType == SpecialType.System_String)?.Ordinal;
        var editor = new SolutionEditor(solution);

        // Arguments are decided on the original solution, before any edit.
        var arguments = new List<(DocumentId Document, InvocationExpressionSyntax Invocation, ExpressionSyntax Argument, bool Named, int Index)>();
        foreach (var (documentId, span) in calls)
        {
            var document = solution.GetDocument(documentId)!;
            var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            var operation = model.GetOperation(invocation, cancellationToken) as IInvocationOperation;
            // The operation's TargetMethod is always the unreduced method; the call's own symbol tells whether the
            // receiver stands before the dot (c.Ext(...)), so the argument list lacks the 'this' parameter.
            var reduced = model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension };
            var named = invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null);
            var argument = TenantArguments.For(invocation, model, operation, orgOrdinal, projectOrdinal, family, parameterName, cancellationToken);
            arguments.Add((documentId, invocation, argument, named, reduced ? index - 1 : index));
        }

        var changed = new HashSet<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan)>();
        foreach (var member in family)
        {
            foreach (var reference in MethodFamily.Declarations(member))
            {
                if (!changed.Add((reference.SyntaxTree, reference.Span)))
                {
                    continue;
                }

                var declaration = (MethodDeclarationSyntax)await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                var documentEditor = await editor.GetDocumentEditorAsync(solution.GetDocumentId(reference.SyntaxTree)!, cancellationToken).ConfigureAwait(false);
                var typeName = CodeFixHelpers.AttributeName(declaration, "TenantContext");
                var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName)).WithType(SyntaxFactory.ParseTypeName(typeName).WithTrailingTrivia(SyntaxFactory.Space));
                documentEditor.ReplaceNode(declaration.ParameterList, (current, _) =>
                {
                    var list = (ParameterListSyntax)current;
                    var at = System.Math.Min(index, list.Parameters.Count);
                    return list.WithParameters(at == list.Parameters.Count ? Append(list.Parameters, parameter, list.CloseParenToken) : Insert(list.Parameters, at, parameter));
                });
            }
        }

        foreach (var (documentId, invocation, argument, named, at) in arguments)
        {
            var documentEditor = await editor.GetDocumentEditorAsync(documentId, cancellationToken).ConfigureAwait(false);
            documentEditor.ReplaceNode(invocation.ArgumentList, (current, _) =>
            {
                var list = (ArgumentListSyntax)current;
                var newArgument = SyntaxFactory.Argument(argument);
                if (named || at > list.Arguments.Count)
                {
                    return list.WithArguments(Append(list.Arguments, newArgument.WithNameColon(SyntaxFactory.NameColon(parameterName)), list.CloseParenToken));
                }

                var position = System.Math.Max(0, at);
                return list.WithArguments(position == list.Arguments.Count ? Append(list.Arguments, newArgument, list.CloseParenToken) : Insert(list.Arguments, position, newArgument));
            });
        }

        return editor.GetChangedSolution();
    }

    /// <summary>
    /// <c>tenant</c>, else <c>tenantContext</c>, else <c>tenant1</c>, <c>tenant2</c>, …: the first name no declaration of the
    /// family mentions. A parameter named like a local of the body does not compile (CS0136), and one named like a
    /// field or property the body reads would silently take its place in the body.
    /// </summary>
    private static async Task<string> FreeParameterNameAsync(List<IMethodSymbol> family, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var member in family)
        {
            foreach (var reference in MethodFamily.Declarations(member))
            {
                var declaration = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                taken.UnionWith(declaration.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            }
        }

        var candidates = new[] { "tenant", "tenantContext" }
            .Concat(Enumerable.Range(1, int.MaxValue - 1).Select(i => "tenant" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return candidates.First(name => !taken.Contains(name));
    }

    /// <summary>
    /// Appends <paramref name="node"/> to a list whose closing parenthesis is preceded by a preprocessor directive (an
    /// <c>#if DEBUG</c> block of further arguments or parameters, kept as trivia of the parenthesis): a directive must
    /// start its line, so the line break after the last item moves to the new one (found by an analyzer probe: the new
    /// item was written right before <c>#if</c>, CS1040). Without such a directive, a plain append.
    /// </summary>
    private static SeparatedSyntaxList<T> Append<T>(SeparatedSyntaxList<T> list, T node, SyntaxToken close)
        where T : SyntaxNode
    {
        var first = close.LeadingTrivia.FirstOrDefault(t => !t.IsKind(SyntaxKind.WhitespaceTrivia));
        if (list.Count == 0 || (!first.IsDirective && !first.IsKind(SyntaxKind.DisabledTextTrivia)))
        {
            return Insert(list, list.Count, node);
        }

        var last = list[list.Count - 1];
        var lineEnd = last.GetTrailingTrivia();
        if (!lineEnd.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            lineEnd = SyntaxFactory.TriviaList(SyntaxFactory.EndOfLine("\n"));
        }

        return Insert(list.Replace(last, last.WithTrailingTrivia()), list.Count, node.WithTrailingTrivia(lineEnd));
    }

    /// <summary>Inserts a node into a separated list, keeping the existing separators and writing ", " for the new one.</summary>
    private static SeparatedSyntaxList<T> Insert<T>(SeparatedSyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        var nodes = list.ToList();
        var separators = list.GetSeparators().ToList();
        nodes.Insert(index, node);
        if (nodes.Count > 1)
        {
            separators.Insert(System.Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return SyntaxFactory.SeparatedList(nodes, separators);
    }
}
