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
/// <c>Redactors.Redact</c> at the call, which redacts it there. Fix All makes every edit of a document in one pass
/// (several values of one call are all wrapped, a declaration written several times is marked once).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddClassificationCodeFix)), Shared]
public sealed class AddClassificationCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnclassifiedPersonalData, DiagnosticIds.ClassifiedDataUnredacted);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => ClassificationFixAll.Instance;

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
                            ct => WrapAsync(context.Document, whole, ClassificationFixAll.MembersPrefix, ct),
                            ClassificationFixAll.MembersKey),
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
                            target.Node is MethodDeclarationSyntax
                                ? "Mark the return value of '" + target.Name + "' [return: " + attribute + "]"
                                : "Mark '" + target.Name + "' [" + attribute + "]",
                            declaringDocument,
                            ct => MarkAsync(declaringDocument, declaration, attribute, ct),
                            ClassificationFixAll.MarkKey),
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
                            ClassificationFixAll.MarkKey),
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
                        ClassificationFixAll.RedactKey),
                    diagnostic);
            }
        }
    }

    internal static Location? Located(Diagnostic diagnostic, string property) =>
        diagnostic.Properties.TryGetValue(property, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index < diagnostic.AdditionalLocations.Count
            ? diagnostic.AdditionalLocations[index]
            : null;

    private static async Task<(SyntaxNode Node, string Name)?> FindDeclarationAsync(Document document, Location location, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? null : FindDeclaration(root, location.SourceSpan);
    }

    /// <summary>
    /// The parameter, property or (single-variable) field declared at <paramref name="span"/>, or the method whose name is
    /// there (its return value is what is marked), and its name.
    /// </summary>
    internal static (SyntaxNode Node, string Name)? FindDeclaration(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FullSpan.Contains(span) ? root.FindNode(span) : null;
        return node switch
        {
            ParameterSyntax parameter => (parameter, parameter.Identifier.ValueText),
            PropertyDeclarationSyntax property => (property, property.Identifier.ValueText),
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field, Variables.Count: 1 } } variable => (field, variable.Identifier.ValueText),
            MethodDeclarationSyntax method when method.Identifier.Span == span => (method, method.Identifier.ValueText),
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

        return document.WithSyntaxRoot(root.ReplaceNode(found.Node, Marked(found.Node, found.Node, attribute)));
    }

    /// <summary><paramref name="node"/> (the declaration <paramref name="original"/>, possibly already rewritten inside) with <c>[attribute]</c> added.</summary>
    internal static SyntaxNode Marked(SyntaxNode original, SyntaxNode node, string attribute)
    {
        var name = CodeFixHelpers.AttributeName(original, attribute);
        var endOfLine = CodeFixHelpers.EndOfLine(original);
        return node switch
        {
            // A positional record parameter is also a property: classify the property the sinks read.
            ParameterSyntax parameter when original.Parent?.Parent is RecordDeclarationSyntax => CodeFixHelpers.WithAttributeList(
                parameter,
                CodeFixHelpers.AttributeList(name).WithTarget(SyntaxFactory.AttributeTargetSpecifier(
                    SyntaxFactory.Identifier("property"), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)))),
            ParameterSyntax parameter => CodeFixHelpers.WithAttributeList(parameter, CodeFixHelpers.AttributeList(name)),
            PropertyDeclarationSyntax property => WithLeadingAttribute(property, name, endOfLine),
            FieldDeclarationSyntax field => WithLeadingAttribute(field, name, endOfLine),
            MethodDeclarationSyntax method => WithLeadingAttribute(method, name, endOfLine, SyntaxFactory.Token(SyntaxKind.ReturnKeyword)),
            _ => node,
        };
    }

    /// <summary>Puts <c>[Name]</c> on its own line above a member, keeping the member's indentation and doc comment.</summary>
    private static MemberDeclarationSyntax WithLeadingAttribute(MemberDeclarationSyntax member, string name, SyntaxTrivia endOfLine, SyntaxToken? target = null)
    {
        var leading = member.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var list = CodeFixHelpers.AttributeList(name);
        if (target is { } targetToken)
        {
            list = list.WithTarget(SyntaxFactory.AttributeTargetSpecifier(
                targetToken, SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        list = list
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endOfLine);
        var stripped = member.WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList());
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    private static async Task<Document> RedactAsync(Document document, Location location, string attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || WrappableValue(root, location.SourceSpan) is not { } value)
        {
            return document;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return await WrapAsync(document, location, RedactPrefix(value, attribute, model, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>Redactors.Redact(</c> with the value's classification: the SDK's <c>DataClass</c> for <c>[PersonalData]</c> and
    /// <c>[SecretData]</c>, or, for a Microsoft.Extensions.Compliance classification attribute of another taxonomy, that
    /// attribute's <c>DataClassification</c> (so the installed redactor provider picks the redactor of that classification).
    /// </summary>
    internal static string RedactPrefix(ExpressionSyntax value, string attribute, SemanticModel? model, CancellationToken cancellationToken)
    {
        const string Redact = "global::Instrumentation.Redaction.Redactors.Redact(";
        if (attribute is not ("PersonalData" or "SecretData")
            && model is not null
            && ComplianceClassification(value, attribute, model, cancellationToken) is { } classification)
        {
            return Redact + classification + ", ";
        }

        return Redact + "global::Instrumentation.DataClass." + (attribute == "SecretData" ? "Secret" : "Personal") + ", ";
    }

    /// <summary>
    /// <c>new global::Some.PrivateDataAttribute(...).Classification</c> for the classification attribute named
    /// <paramref name="attribute"/> on the symbol the value reads, when it is a Microsoft classification attribute that
    /// is not the SDK's own; null otherwise.
    /// </summary>
    private static string? ComplianceClassification(ExpressionSyntax value, string attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = model.GetSymbolInfo(value, cancellationToken).Symbol;
        if (symbol is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (data.AttributeClass is not { } type || (type.Name != attribute && type.Name != attribute + "Attribute"))
            {
                continue;
            }

            var isCompliance = false;
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                var fullName = baseType.ToDisplayString();
                if (fullName == "Instrumentation.DataClassAttribute")
                {
                    return null;
                }

                isCompliance |= fullName == "Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute";
            }

            if (!isCompliance || type.IsAbstract || data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                return null;
            }

            var arguments = string.Join(", ", data.ConstructorArguments.Select(a => a.ToCSharpString()));
            var named = data.NamedArguments.Length == 0
                ? string.Empty
                : " { " + string.Join(", ", data.NamedArguments.Select(a => a.Key + " = " + a.Value.ToCSharpString())) + " }";
            return "new " + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + arguments + ")" + named + ".Classification";
        }

        return null;
    }

    /// <summary>The value expression at <paramref name="span"/> that a wrap may replace, or null.</summary>
    internal static ExpressionSyntax? WrappableValue(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        if (!root.FullSpan.Contains(span) || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax value)
        {
            return null;
        }

        return value.Parent is ArgumentSyntax argument && argument.Expression != value ? null : value;
    }

    /// <summary>
    /// The value wrapped in <paramref name="prefix"/>…<c>)</c>, keeping its trivia; in parentheses where it fills an
    /// interpolation (<paramref name="inInterpolation"/>): <c>{global::…}</c> reads the <c>::</c> as the start of a format
    /// string (CS0103 'global' in a newcomer's trial of the fix in <c>$"empty blob for {owner.Email}"</c>).
    /// </summary>
    internal static ExpressionSyntax Wrapped(ExpressionSyntax value, string prefix, bool inInterpolation = false)
    {
        var wrapped = SyntaxFactory.ParseExpression(prefix + value.WithoutTrivia().ToFullString() + ")");
        return (inInterpolation ? SyntaxFactory.ParenthesizedExpression(wrapped) : wrapped).WithTriviaFrom(value);
    }

    /// <summary>Whether <paramref name="value"/> is the expression of an interpolation (<c>{value}</c> in <c>$"…"</c>).</summary>
    internal static bool FillsInterpolation(ExpressionSyntax value) =>
        value.Parent is InterpolationSyntax interpolation && interpolation.Expression == value;

    /// <summary>Replaces exactly the value's text (no edit reaches a neighbouring argument, whatever a text diff would find).</summary>
    private static async Task<Document> WrapAsync(Document document, Location location, string prefix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || WrappableValue(root, location.SourceSpan) is not { } value)
        {
            return document;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (prefix == ClassificationFixAll.MembersPrefix && ToStringCallOf(value) is { } call)
        {
            var rendered = Wrapped(value.WithoutTrivia(), prefix, FillsInterpolation(call)).ToFullString();
            return document.WithText(text.WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(call.Span, rendered)));
        }

        var wrapped = Wrapped(value.WithoutTrivia(), prefix, FillsInterpolation(value)).ToFullString();
        return document.WithText(text.WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(value.Span, wrapped)));
    }

    /// <summary>
    /// The call when <paramref name="value"/> is the receiver of a parameterless <c>ToString()</c>: that text is the
    /// object's, so the fix renders the object in its place (<c>TelemetryValues.Object(profile)</c>, which is a string,
    /// rather than <c>TelemetryValues.Object(profile).ToString()</c>, a call on a nullable string).
    /// </summary>
    internal static InvocationExpressionSyntax? ToStringCallOf(ExpressionSyntax value) =>
        value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" } access
        && access.Expression == value
        && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
            ? call
            : null;
}
