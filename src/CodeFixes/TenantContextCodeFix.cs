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
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
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
                CodeAction.Create(title, ct => MarkAsync(context.Document, method, org?.Name, project?.Name, ct), nameof(TenantContextCodeFix) + "Mark"),
                context.Diagnostics);
        }

        if (symbol.Parameters.Any(p => p.Type.Name == "TenantContext"))
        {
            return;
        }

        var family = await FamilyAsync(symbol, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false);
        if (family is null)
        {
            return;
        }

        var calls = await CallSitesAsync(family, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false);
        if (calls is null)
        {
            return;
        }

        var title2 = family.Count > 1
            ? "Add a TenantContext parameter (to all " + family.Count + " declarations and their callers)"
            : "Add a TenantContext parameter (callers pass their tenant)";
        context.RegisterCodeFix(
            CodeAction.Create(title2, ct => AddParameterAsync(context.Document.Project.Solution, symbol, family, calls, ct), nameof(TenantContextCodeFix) + "Add"),
            context.Diagnostics);
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
            original.AddAttributeLists(CodeFixHelpers.AttributeList(CodeFixHelpers.AttributeName(method, original.Identifier.ValueText == org ? "OrgId" : "ProjectId"))));
        return document.WithSyntaxRoot(root.ReplaceNode(method, newMethod));
    }

    /// <summary>The method plus the interface members it implements, the methods it overrides, and their other implementations/overrides; null when one is not in source.</summary>
    private static async Task<List<IMethodSymbol>?> FamilyAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
    {
        var family = new List<IMethodSymbol>();
        var pending = new Queue<IMethodSymbol>();
        void Add(IMethodSymbol candidate)
        {
            candidate = candidate.OriginalDefinition;
            if (!family.Contains(candidate, SymbolEqualityComparer.Default))
            {
                family.Add(candidate);
                pending.Enqueue(candidate);
            }
        }

        Add(method);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            if (current.OverriddenMethod is { } overridden)
            {
                Add(overridden);
            }

            foreach (var explicitImplementation in current.ExplicitInterfaceImplementations)
            {
                Add(explicitImplementation);
            }

            foreach (var iface in current.ContainingType.AllInterfaces)
            {
                foreach (var member in iface.GetMembers(current.Name).OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(current.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, current))
                    {
                        Add(member);
                    }
                }
            }

            if (current.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (var implementation in await SymbolFinder.FindImplementationsAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (implementation is IMethodSymbol implementationMethod)
                    {
                        Add(implementationMethod);
                    }
                }
            }

            if (current.IsVirtual || current.IsAbstract || current.IsOverride)
            {
                foreach (var overriding in await SymbolFinder.FindOverridesAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (overriding is IMethodSymbol overridingMethod)
                    {
                        Add(overridingMethod);
                    }
                }
            }
        }

        foreach (var member in family)
        {
            if (member.DeclaringSyntaxReferences.Length == 0
                || member.DeclaringSyntaxReferences.Any(r => solution.GetDocument(r.SyntaxTree) is null || r.GetSyntax(cancellationToken) is not MethodDeclarationSyntax))
            {
                return null;
            }
        }

        return family;
    }

    /// <summary>Every invocation of a family member in the solution; null when one is referenced other than by a call (method group, delegate).</summary>
    private static async Task<List<(DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span)>?> CallSitesAsync(List<IMethodSymbol> family, Solution solution, CancellationToken cancellationToken)
    {
        var calls = new List<(DocumentId, Microsoft.CodeAnalysis.Text.TextSpan)>();
        foreach (var member in family)
        {
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (name is null || name.FirstAncestorOrSelf<CrefSyntax>() is not null || IsInNameOf(name))
                    {
                        continue;
                    }

                    var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
                    {
                        return null;
                    }

                    var key = (location.Document.Id, invocation.Span);
                    if (!calls.Contains(key))
                    {
                        calls.Add(key);
                    }
                }
            }
        }

        return calls;
    }

    private static bool IsInNameOf(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static async Task<Solution> AddParameterAsync(Solution solution, IMethodSymbol method, List<IMethodSymbol> family, List<(DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span)> calls, CancellationToken cancellationToken)
    {
        var parameterName = method.Parameters.Any(p => p.Name == "tenant") ? "tenantContext" : "tenant";
        var index = method.Parameters.TakeWhile(p => !p.HasExplicitDefaultValue && !p.IsParams && !p.IsOptional && p.Type.Name != "CancellationToken").Count();
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
            var reduced = operation?.TargetMethod.MethodKind == MethodKind.ReducedExtension;
            var named = invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null);
            var argument = TenantArgument(invocation, model, operation, orgOrdinal, projectOrdinal, family, parameterName, cancellationToken);
            arguments.Add((documentId, invocation, argument, named, reduced ? index - 1 : index));
        }

        foreach (var member in family)
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var declaration = (MethodDeclarationSyntax)await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                var documentEditor = await editor.GetDocumentEditorAsync(solution.GetDocumentId(reference.SyntaxTree)!, cancellationToken).ConfigureAwait(false);
                var typeName = CodeFixHelpers.AttributeName(declaration, "TenantContext");
                var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName)).WithType(SyntaxFactory.ParseTypeName(typeName).WithTrailingTrivia(SyntaxFactory.Space));
                documentEditor.ReplaceNode(declaration.ParameterList, (current, _) =>
                {
                    var list = (ParameterListSyntax)current;
                    return list.WithParameters(Insert(list.Parameters, System.Math.Min(index, list.Parameters.Count), parameter));
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
                    return list.WithArguments(Insert(list.Arguments, list.Arguments.Count, newArgument.WithNameColon(SyntaxFactory.NameColon(parameterName))));
                }

                return list.WithArguments(Insert(list.Arguments, System.Math.Max(0, at), newArgument));
            });
        }

        return editor.GetChangedSolution();
    }

    /// <summary>
    /// What a call site passes, in order: the new parameter itself when the caller is one of the changed methods
    /// (<c>base.Run(n, tenant)</c>); the caller's one <c>TenantContext</c> local or parameter; a context built from the
    /// call's own org and project arguments; the <c>Tenant</c> of the caller's one <c>ITenantScoped</c> local or parameter;
    /// the caller type's one <c>TenantContext</c> field or property (<c>Tenant</c> of an <c>ITenantScoped</c> type);
    /// otherwise <c>default</c>, visible at the call for the reader to replace.
    /// </summary>
    private static ExpressionSyntax TenantArgument(
        InvocationExpressionSyntax invocation,
        SemanticModel model,
        IInvocationOperation? operation,
        int? orgOrdinal,
        int? projectOrdinal,
        List<IMethodSymbol> family,
        string parameterName,
        CancellationToken cancellationToken)
    {
        var position = invocation.SpanStart;
        var caller = model.GetEnclosingSymbol(position, cancellationToken);
        if (caller is IMethodSymbol callerMethod && family.Contains(callerMethod.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            return SyntaxFactory.IdentifierName(parameterName);
        }

        var isStaticContext = caller?.IsStatic ?? true;
        var visible = model.LookupSymbols(position)
            .Where(s => s is not ILocalSymbol || s.Locations.FirstOrDefault() is not { } declared || declared.SourceSpan.Start < position)
            .ToList();
        var variables = visible.Where(s => s is ILocalSymbol or IParameterSymbol).ToList();
        var members = visible.Where(s => s is IFieldSymbol or IPropertySymbol && (s.IsStatic || !isStaticContext)).ToList();

        var contexts = variables.Where(s => IsTenantContext(TypeOf(s))).ToList();
        if (contexts.Count == 1)
        {
            return SyntaxFactory.IdentifierName(contexts[0].Name);
        }

        if (contexts.Count == 0 && operation is not null && orgOrdinal is { } orgAt && projectOrdinal is { } projectAt)
        {
            var org = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == orgAt && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            var project = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == projectAt && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            if (org is not null && project is not null && IsSimple(org.Expression) && IsSimple(project.Expression))
            {
                var typeName = CodeFixHelpers.AttributeName(invocation, "TenantContext");
                return SyntaxFactory.ParseExpression("new " + typeName + "(" + org.Expression.WithoutTrivia() + ", " + project.Expression.WithoutTrivia() + ")");
            }
        }

        var scoped = variables.Where(s => TypeOf(s) is { } type && IsTenantScoped(type)).ToList();
        if (contexts.Count == 0 && scoped.Count == 1)
        {
            return SyntaxFactory.ParseExpression(scoped[0].Name + ".Tenant");
        }

        var memberContexts = members.Where(s => IsTenantContext(TypeOf(s))).ToList();
        if (contexts.Count == 0 && scoped.Count == 0 && memberContexts.Count == 1)
        {
            return SyntaxFactory.IdentifierName(memberContexts[0].Name);
        }

        return SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
    }

    private static bool IsTenantContext(ITypeSymbol? type) =>
        type is { Name: "TenantContext" } && type.ContainingNamespace?.ToDisplayString() == "Instrumentation";

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static bool IsTenantScoped(ITypeSymbol type) =>
        type.AllInterfaces.Append(type as INamedTypeSymbol).Any(i => i is { Name: "ITenantScoped" } && i.ContainingNamespace?.ToDisplayString() == "Instrumentation");

    private static bool IsSimple(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or LiteralExpressionSyntax || (expression is MemberAccessExpressionSyntax access && IsSimple(access.Expression));

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
