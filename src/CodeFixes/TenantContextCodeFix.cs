using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>
/// INS0006 (reported by the operation generator): mark existing org/project parameters as
/// <c>[OrgId]</c>/<c>[ProjectId]</c>, or add a <c>TenantContext tenant = default</c> parameter (callers keep compiling).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TenantContextCodeFix)), Shared]
public sealed class TenantContextCodeFix : CodeFixProvider
{
    private static readonly string[] OrgNames = { "org", "orgid", "organization", "organizationid", "tenantid" };
    private static readonly string[] ProjectNames = { "project", "projectid" };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingTenantContext);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (method is null)
        {
            return;
        }

        var org = Find(method, OrgNames);
        var project = Find(method, ProjectNames);
        if (org is not null && project is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Mark '" + org.Identifier.ValueText + "' as [OrgId] and '" + project.Identifier.ValueText + "' as [ProjectId]", _ => Task.FromResult(Mark(context.Document, root!, method, org, project)), nameof(TenantContextCodeFix) + "Mark"),
                context.Diagnostics);
        }

        context.RegisterCodeFix(
            CodeAction.Create("Add a TenantContext parameter", _ => Task.FromResult(AddParameter(context.Document, root!, method)), nameof(TenantContextCodeFix) + "Add"),
            context.Diagnostics);
    }

    private static ParameterSyntax? Find(MethodDeclarationSyntax method, string[] names) =>
        method.ParameterList.Parameters.FirstOrDefault(p => names.Contains(p.Identifier.ValueText.Replace("_", string.Empty).ToLowerInvariant()));

    private static Document Mark(Document document, SyntaxNode root, MethodDeclarationSyntax method, ParameterSyntax org, ParameterSyntax project)
    {
        var newMethod = method.ReplaceNodes(new[] { org, project }, (original, _) =>
            original.AddAttributeLists(CodeFixHelpers.AttributeList(CodeFixHelpers.AttributeName(method, original == org ? "OrgId" : "ProjectId"))));
        return document.WithSyntaxRoot(root.ReplaceNode(method, newMethod));
    }

    private static Document AddParameter(Document document, SyntaxNode root, MethodDeclarationSyntax method)
    {
        var typeName = CodeFixHelpers.AttributeName(method, "TenantContext");
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier("tenant"))
            .WithType(SyntaxFactory.ParseTypeName(typeName + " "))
            .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)));
        var parameters = method.ParameterList.Parameters;
        var index = parameters.Count;
        if (index > 0 && parameters[index - 1].Modifiers.Any(SyntaxKind.ParamsKeyword))
        {
            index--;
        }

        var list = new List<ParameterSyntax>(parameters);
        list.Insert(index, parameter);
        var newList = method.ParameterList.WithParameters(SyntaxFactory.SeparatedList(list));
        return document.WithSyntaxRoot(root.ReplaceNode(method.ParameterList, newList));
    }
}
