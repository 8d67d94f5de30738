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

/// <summary>INS1001: turns a high-cardinality <c>[MetricLabel]</c> into a <c>[SpanAttribute]</c> (same name).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricLabelToSpanAttributeCodeFix)), Shared]
public sealed class MetricLabelToSpanAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.HighCardinalityLabel);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(MetricLabelToSpanAttributeCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var attribute = root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeFixGuard.Create(nameof(MetricLabelToSpanAttributeCodeFix), "Make it a span attribute", context.Document, ct => Task.FromResult(Fix(context.Document, root!, attribute)), nameof(MetricLabelToSpanAttributeCodeFix)),
            context.Diagnostics);
    }

    private static Document Fix(Document document, SyntaxNode root, AttributeSyntax attribute)
    {
        var name = CodeFixHelpers.AttributeName(attribute, "SpanAttribute");
        var positional = attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
        var arguments = positional is { Count: > 0 }
            ? SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(positional))
            : null;
        var replacement = SyntaxFactory.Attribute(SyntaxFactory.ParseName(name), arguments).WithTriviaFrom(attribute);
        var newRoot = root.ReplaceNode(attribute, replacement);

        // [BoundedValues] only matters for labels: drop it from the same parameter.
        var parameter = newRoot.FindNode(attribute.Span).FirstAncestorOrSelf<ParameterSyntax>();
        if (parameter is not null)
        {
            var bounded = parameter.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString().EndsWith("BoundedValues", System.StringComparison.Ordinal));
            if (bounded is not null)
            {
                var list = (AttributeListSyntax)bounded.Parent!;
                newRoot = list.Attributes.Count == 1
                    ? newRoot.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)!
                    : newRoot.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(bounded)));
            }
        }

        return document.WithSyntaxRoot(newRoot);
    }
}
