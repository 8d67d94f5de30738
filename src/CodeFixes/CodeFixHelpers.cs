using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>Shared pieces of the code fixes.</summary>
internal static class CodeFixHelpers
{
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(oldNode, newNode));
    }

    /// <summary>An attribute list <c>[Name]</c> or <c>[Name(args)]</c>.</summary>
    public static AttributeListSyntax AttributeList(string name, AttributeArgumentListSyntax? arguments = null) =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name), arguments)));

    /// <summary>
    /// <paramref name="parameter"/> with <paramref name="list"/> after its attribute lists. The parameter's leading trivia
    /// (its line's indentation when it starts a line, a comment above it) stays in front of the first list; a new list
    /// follows the others directly (<c>[SpanAttribute][PersonalData]</c>, as before), then what followed them (a space).
    /// <c>AddAttributeLists</c> left that trivia on the type, after the new list, and the formatter, called by the list's
    /// elastic brackets, dropped it: a parameter on its own line went to column 0.
    /// </summary>
    public static ParameterSyntax WithAttributeList(ParameterSyntax parameter, AttributeListSyntax list)
    {
        // Plain brackets: their elastic trivia would have the formatter rewrite the trivia around the list.
        list = list.WithOpenBracketToken(list.OpenBracketToken.WithoutTrivia()).WithCloseBracketToken(list.CloseBracketToken.WithoutTrivia());
        if (parameter.AttributeLists.Count == 0)
        {
            var leading = parameter.GetLeadingTrivia();
            return parameter.WithoutLeadingTrivia()
                .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var last = parameter.AttributeLists[parameter.AttributeLists.Count - 1];
        var lists = parameter.AttributeLists.Replace(last, last.WithTrailingTrivia())
            .Add(list.WithLeadingTrivia().WithTrailingTrivia(last.GetTrailingTrivia()));
        return parameter.WithAttributeLists(lists);
    }

    /// <summary>The attribute (or type) name to write: short when <c>using Instrumentation;</c> is in scope at <paramref name="node"/>, qualified otherwise.</summary>
    public static string AttributeName(SyntaxNode node, string shortName)
    {
        // Only the usings in scope at the node: the file's, and those of the namespaces around it.
        var usings = node.AncestorsAndSelf().SelectMany(n => n switch
        {
            CompilationUnitSyntax unit => unit.Usings,
            BaseNamespaceDeclarationSyntax declaration => declaration.Usings,
            _ => default(SyntaxList<UsingDirectiveSyntax>),
        });
        foreach (var usingDirective in usings)
        {
            if (usingDirective.Name?.ToString() == "Instrumentation" && usingDirective.Alias is null && usingDirective.StaticKeyword.IsKind(SyntaxKind.None))
            {
                return shortName;
            }
        }

        var namespaceDeclaration = node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>();
        if (namespaceDeclaration is not null && (namespaceDeclaration.Name.ToString() == "Instrumentation" || namespaceDeclaration.Name.ToString().StartsWith("Instrumentation.", System.StringComparison.Ordinal)))
        {
            return shortName;
        }

        return "global::Instrumentation." + shortName;
    }

    /// <summary>The end of line the document already uses (its first one; <c>\n</c> in a one-line document).</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        foreach (var trivia in node.SyntaxTree.GetRoot().DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return SyntaxFactory.EndOfLine(trivia.ToFullString());
            }
        }

        return SyntaxFactory.EndOfLine("\n");
    }
}
