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
    public override FixAllProvider GetFixAllProvider() => KeyedBatchFixer.Instance;

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

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is not null && SpanAttributeTakenByAnotherParameter(attribute, model, context.CancellationToken))
        {
            // The span would carry one value under that name (the last SetTag wins): the other parameter's value
            // would be overwritten by this one. Leave the choice of a name to the user.
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
        if (attribute.FirstAncestorOrSelf<ParameterSyntax>() is not { } parameter)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, replacement));
        }

        // The parameter in one pass: the label becomes [SpanAttribute] (or goes, when the parameter already has one),
        // and [BoundedValues], which only matters for labels, goes; a list left empty goes with it, its trivia stays.
        var hasSpanAttribute = parameter.AttributeLists.SelectMany(l => l.Attributes).Any(a => a != attribute && Is(a, "SpanAttribute"));
        var lists = new System.Collections.Generic.List<AttributeListSyntax>();
        var pending = SyntaxFactory.TriviaList();
        foreach (var list in parameter.AttributeLists)
        {
            var attributes = list.Attributes;
            for (var i = attributes.Count - 1; i >= 0; i--)
            {
                var original = list.Attributes[i];
                if (Is(original, "BoundedValues") || (original == attribute && hasSpanAttribute))
                {
                    attributes = attributes.RemoveAt(i);
                }
                else if (original == attribute)
                {
                    attributes = attributes.Replace(attributes[i], replacement);
                }
            }

            if (attributes.Count == 0)
            {
                var (leading, trailing) = WithoutItsOwnLine(list);
                pending = Merge(Merge(pending, leading), trailing);
                continue;
            }

            var kept = list.WithAttributes(attributes);
            pending = AfterPrevious(lists, pending);
            lists.Add(pending.Count == 0 ? kept : kept.WithLeadingTrivia(Merge(pending, kept.GetLeadingTrivia())));
            pending = SyntaxFactory.TriviaList();
        }

        var fixedParameter = parameter.WithAttributeLists(SyntaxFactory.List(lists));
        pending = AfterPrevious(lists, pending);
        if (pending.Count > 0)
        {
            var next = lists.Count == 0 ? fixedParameter.GetFirstToken() : fixedParameter.AttributeLists.Last().GetLastToken().GetNextToken();
            fixedParameter = fixedParameter.ReplaceToken(next, next.WithLeadingTrivia(Merge(pending, next.LeadingTrivia)));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(parameter, fixedParameter));
    }

    /// <summary>
    /// True when the label would become a span attribute whose name another parameter of the same method already
    /// records (<c>[SpanAttribute("device")] string deviceId, [MetricLabel("device")] string deviceKind</c>).
    /// </summary>
    private static bool SpanAttributeTakenByAnotherParameter(AttributeSyntax attribute, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.FirstAncestorOrSelf<ParameterSyntax>() is not { } parameterSyntax
            || model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is not IParameterSymbol parameter
            || parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        var attributes = parameter.GetAttributes();
        if (attributes.Any(a => a.AttributeClass?.Name == "SpanAttributeAttribute"))
        {
            return false;
        }

        var label = attributes.FirstOrDefault(a => a.ApplicationSyntaxReference?.Span == attribute.Span && a.ApplicationSyntaxReference.SyntaxTree == attribute.SyntaxTree);
        if (label is null)
        {
            return false;
        }

        var name = NameOrSnakeCase(label, parameter.Name);
        return method.Parameters.Any(other => !SymbolEqualityComparer.Default.Equals(other, parameter)
            && other.GetAttributes().Any(a => a.AttributeClass?.Name == "SpanAttributeAttribute" && NameOrSnakeCase(a, other.Name) == name));
    }

    private static string NameOrSnakeCase(AttributeData attribute, string parameterName) =>
        attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name
            ? name
            : Instrumentation.Naming.GeneratorNameRules.ToSnakeCase(parameterName);

    /// <summary>The trivia of removed lists without its first space when the list before them already ends with one.</summary>
    private static SyntaxTriviaList AfterPrevious(System.Collections.Generic.List<AttributeListSyntax> lists, SyntaxTriviaList pending) =>
        lists.Count > 0 ? Merge(lists[lists.Count - 1].GetTrailingTrivia(), pending).Skip(lists[lists.Count - 1].GetTrailingTrivia().Count).ToSyntaxTriviaList() : pending;

    /// <summary>
    /// The trivia a removed list leaves: all of it, except that a list alone on its line takes its indentation and its line
    /// end with it (an analyzer trial's <c>[BoundedValues("a", "b")]</c> on a line of its own left a line of spaces); a
    /// comment before it stays, and one after it on the same line keeps the line.
    /// </summary>
    private static (SyntaxTriviaList Leading, SyntaxTriviaList Trailing) WithoutItsOwnLine(AttributeListSyntax list)
    {
        var leading = list.GetLeadingTrivia();
        var trailing = list.GetTrailingTrivia();
        var endsItsLine = trailing.Any(SyntaxKind.EndOfLineTrivia) && trailing.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
        var startsItsLine = leading.Count == 0
            ? list.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia)
            : leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) || leading[leading.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia);
        if (!endsItsLine || !startsItsLine)
        {
            return (leading, trailing);
        }

        var end = leading.Count;
        while (end > 0 && leading[end - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            end--;
        }

        return (leading.Take(end).ToSyntaxTriviaList(), SyntaxFactory.TriviaList());
    }

    /// <summary><paramref name="first"/> then <paramref name="second"/>, without a second space between them.</summary>
    private static SyntaxTriviaList Merge(SyntaxTriviaList first, SyntaxTriviaList second)
    {
        var skip = first.Count > 0 && first[first.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) && second.Count > 0 && second[0].IsKind(SyntaxKind.WhitespaceTrivia) ? 1 : 0;
        return first.AddRange(second.Skip(skip));
    }

    /// <summary>True when the attribute is <c>[Name]</c> (or <c>NameAttribute</c>, qualified or not).</summary>
    private static bool Is(AttributeSyntax attribute, string name)
    {
        var simple = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax alias => alias.Name,
            SimpleNameSyntax plain => plain,
            _ => null,
        };
        var text = simple?.Identifier.ValueText;
        return text == name || text == name + "Attribute";
    }
}
