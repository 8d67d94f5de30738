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
/// INS1020/INS1021: renames the span or metric name to the convention — on operation attributes and on hand-written
/// <c>ActivitySource.StartActivity("...")</c> / <c>Meter.CreateXxx("...")</c> literals — only when the analyzer attached
/// a <c>Suggested</c> name, which it does only when that name itself follows the convention.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameToConventionCodeFix)), Shared]
public sealed class RenameToConventionCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.SpanNameConvention, DiagnosticIds.MetricNameConvention);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => KeyedBatchFixer.Instance;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(RenameToConventionCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("Suggested", out var suggested) || string.IsNullOrEmpty(suggested))
            {
                continue;
            }

            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var literal = node as LiteralExpressionSyntax ?? (node as ArgumentSyntax)?.Expression as LiteralExpressionSyntax;
            if (literal is null && node?.FirstAncestorOrSelf<AttributeSyntax>() is { ArgumentList: { } arguments })
            {
                // On an operation attribute: the span name (first positional argument) or the named metric property.
                diagnostic.Properties.TryGetValue("Property", out var property);
                var argument = property is null
                    ? arguments.Arguments.FirstOrDefault(a => a.NameEquals is null && (a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "spanName"))
                    : arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
                literal = argument?.Expression as LiteralExpressionSyntax;
            }

            if (literal is null || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggested!)).WithTriviaFrom(literal);
            context.RegisterCodeFix(
                CodeFixGuard.Create(nameof(RenameToConventionCodeFix), "Rename to '" + suggested + "'", context.Document, _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.ReplaceNode(literal, replacement))), nameof(RenameToConventionCodeFix) + diagnostic.Id),
                diagnostic);
        }
    }
}
