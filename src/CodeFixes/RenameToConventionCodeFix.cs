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

/// <summary>INS1020/INS1021 on operation attributes: renames the span or metric name to the convention when the analyzer found an unambiguous name.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameToConventionCodeFix)), Shared]
public sealed class RenameToConventionCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.SpanNameConvention, DiagnosticIds.MetricNameConvention);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("Suggested", out var suggested) || string.IsNullOrEmpty(suggested))
            {
                continue;
            }

            var attribute = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
            if (attribute?.ArgumentList is null)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue("Property", out var property);
            var argument = property is null
                ? attribute.ArgumentList.Arguments.FirstOrDefault(a => a.NameEquals is null)
                : attribute.ArgumentList.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
            if (argument?.Expression is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggested!)).WithTriviaFrom(literal);
            context.RegisterCodeFix(
                CodeAction.Create("Rename to '" + suggested + "'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.ReplaceNode(literal, replacement))), nameof(RenameToConventionCodeFix) + diagnostic.Id),
                diagnostic);
        }
    }
}
