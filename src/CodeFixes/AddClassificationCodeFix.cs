using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>INS1010: adds <c>[PersonalData]</c> or <c>[SecretData]</c> to the parameter.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddClassificationCodeFix)), Shared]
public sealed class AddClassificationCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnclassifiedPersonalData);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var parameter = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ParameterSyntax>();
            if (parameter is null || !diagnostic.Properties.TryGetValue("Attribute", out var attribute) || attribute is null)
            {
                continue;
            }

            var name = CodeFixHelpers.AttributeName(parameter, attribute);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Mark it [" + attribute + "]",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.ReplaceNode(parameter, parameter.AddAttributeLists(CodeFixHelpers.AttributeList(name))))),
                    nameof(AddClassificationCodeFix) + attribute),
                diagnostic);
        }
    }
}
