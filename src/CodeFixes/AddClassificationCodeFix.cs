using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>
/// INS1010: adds <c>[PersonalData]</c> or <c>[SecretData]</c> to the declaration of the value — the parameter at the
/// diagnostic, or, for a hand-written call, the parameter, property or field (in this solution's source) whose value
/// the call writes, wherever it is declared. For hand-written calls it also offers to wrap the value in
/// <c>Redactors.Redact</c> at the call, which redacts it there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddClassificationCodeFix)), Shared]
public sealed class AddClassificationCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnclassifiedPersonalData, DiagnosticIds.ClassifiedDataUnredacted);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(AddClassificationCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("Attribute", out var attribute) || attribute is null)
            {
                continue;
            }

            var valueAt = Located(diagnostic, "ValueAt");
            if (diagnostic.Properties.TryGetValue("Render", out var render) && render == "Members")
            {
                // An object whose members are classified: render it by the redaction rules at this call.
                if (valueAt is { } whole && whole.SourceTree == (await context.Document.GetSyntaxTreeAsync(context.CancellationToken).ConfigureAwait(false)))
                {
                    context.RegisterCodeFix(
                        CodeFixGuard.Create(
                            nameof(AddClassificationCodeFix),
                            "Write it with its classified members redacted (TelemetryValues.Object)",
                            context.Document,
                            ct => WrapAsync(context.Document, whole, "global::Instrumentation.Redaction.TelemetryValues.Object(", ct),
                            nameof(AddClassificationCodeFix) + "Members"),
                        diagnostic);
                }

                continue;
            }

            if (Located(diagnostic, "DeclarationAt") is { } declaration
                && context.Document.Project.Solution.GetDocument(declaration.SourceTree) is { } declaringDocument
                && await FindDeclarationAsync(declaringDocument, declaration, context.CancellationToken).ConfigureAwait(false) is { } target)
            {
                if (valueAt is null)
                {
                    // A generated sink (log method, span attribute, log field): classifying is enough, it redacts.
                    context.RegisterCodeFix(
                        CodeFixGuard.Create(
                            nameof(AddClassificationCodeFix),
                            "Mark '" + target.Name + "' [" + attribute + "]",
                            declaringDocument,
                            ct => MarkAsync(declaringDocument, declaration, attribute, ct),
                            nameof(AddClassificationCodeFix) + "Mark"),
                        diagnostic);
                }
                else
                {
                    // A hand-written call writes the value as it is even once it is classified (INS1011):
                    // classify the declaration and redact the value at this call.
                    context.RegisterCodeFix(
                        CodeFixGuard.Create(
                            nameof(AddClassificationCodeFix),
                            "Mark '" + target.Name + "' [" + attribute + "] and redact it here",
                            context.Document.Project.Solution,
                            ct => MarkAndRedactAsync(context.Document, declaringDocument, declaration, valueAt, attribute, ct),
                            nameof(AddClassificationCodeFix) + "Mark"),
                        diagnostic);
                }
            }

            if (valueAt is { } value && value.SourceTree == (await context.Document.GetSyntaxTreeAsync(context.CancellationToken).ConfigureAwait(false)))
            {
                context.RegisterCodeFix(
                    CodeFixGuard.Create(
                        nameof(AddClassificationCodeFix),
                        "Redact it here (Redactors.Redact)",
                        context.Document,
                        ct => RedactAsync(context.Document, value, attribute, ct),
                        nameof(AddClassificationCodeFix) + "Redact"),
                    diagnostic);
            }
        }
    }

    private static Location? Located(Diagnostic diagnostic, string property) =>
        diagnostic.Properties.TryGetValue(property, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index < diagnostic.AdditionalLocations.Count
            ? diagnostic.AdditionalLocations[index]
            : null;

    private static async Task<(SyntaxNode Node, string Name)?> FindDeclarationAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(location.SourceSpan);
        return node switch
        {
            ParameterSyntax parameter => (parameter, parameter.Identifier.ValueText),
            PropertyDeclarationSyntax property => (property, property.Identifier.ValueText),
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field, Variables.Count: 1 } } variable => (field, variable.Identifier.ValueText),
            _ => null,
        };
    }

    private static async Task<Solution> MarkAndRedactAsync(Document valueDocument, Document declaringDocument, Location declaration, Location value, string attribute, CancellationToken cancellationToken)
    {
        if (valueDocument.Id != declaringDocument.Id)
        {
            var redacted = await RedactAsync(valueDocument, value, attribute, cancellationToken).ConfigureAwait(false);
            var marked = await MarkAsync(redacted.Project.Solution.GetDocument(declaringDocument.Id)!, declaration, attribute, cancellationToken).ConfigureAwait(false);
            return marked.Project.Solution;
        }

        // One document: make the later edit first, so the earlier span still points at its node.
        Document result;
        if (value.SourceSpan.Start > declaration.SourceSpan.Start)
        {
            result = await RedactAsync(valueDocument, value, attribute, cancellationToken).ConfigureAwait(false);
            result = await MarkAsync(result, declaration, attribute, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result = await MarkAsync(valueDocument, declaration, attribute, cancellationToken).ConfigureAwait(false);
            result = await RedactAsync(result, value, attribute, cancellationToken).ConfigureAwait(false);
        }

        return result.Project.Solution;
    }

    private static async Task<Document> MarkAsync(Document document, Location location, string attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeclarationAsync(document, location, cancellationToken).ConfigureAwait(false) is not { } found || root is null)
        {
            return document;
        }

        var name = CodeFixHelpers.AttributeName(found.Node, attribute);
        SyntaxNode marked = found.Node switch
        {
            // A positional record parameter is also a property: classify the property the sinks read.
            ParameterSyntax { Parent.Parent: RecordDeclarationSyntax } parameter => parameter.AddAttributeLists(
                CodeFixHelpers.AttributeList(name).WithTarget(SyntaxFactory.AttributeTargetSpecifier(
                    SyntaxFactory.Identifier("property"), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)))),
            ParameterSyntax parameter => parameter.AddAttributeLists(CodeFixHelpers.AttributeList(name)),
            PropertyDeclarationSyntax property => WithLeadingAttribute(property, name),
            FieldDeclarationSyntax field => WithLeadingAttribute(field, name),
            _ => found.Node,
        };
        return document.WithSyntaxRoot(root.ReplaceNode(found.Node, marked));
    }

    /// <summary>Puts <c>[Name]</c> on its own line above a member, keeping the member's indentation and doc comment.</summary>
    private static MemberDeclarationSyntax WithLeadingAttribute(MemberDeclarationSyntax member, string name)
    {
        var leading = member.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var list = CodeFixHelpers.AttributeList(name)
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        var stripped = member.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList());
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    private static Task<Document> RedactAsync(Document document, Location location, string attribute, CancellationToken cancellationToken) =>
        WrapAsync(document, location, "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass." + (attribute == "SecretData" ? "Secret" : "Personal") + ", ", cancellationToken);

    private static async Task<Document> WrapAsync(Document document, Location location, string prefix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
        {
            return document;
        }

        if (value.Parent is ArgumentSyntax argument && argument.Expression != value)
        {
            return document;
        }

        var call = SyntaxFactory.ParseExpression(prefix + value.WithoutTrivia().ToFullString() + ")");
        return document.WithSyntaxRoot(root.ReplaceNode(value, call.WithTriviaFrom(value)));
    }
}
