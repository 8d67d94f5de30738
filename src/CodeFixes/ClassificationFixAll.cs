using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.CodeFixes;

/// <summary>
/// Fix All of <see cref="AddClassificationCodeFix"/>: collects every edit the chosen action makes for the diagnostics in
/// scope (values to wrap, declarations to mark, each once) and makes a document's edits in one tree pass. The batch
/// fixer merged the actions' text changes instead and dropped those that touched each other, so of two values of one
/// call only the first was wrapped. Asked without an equivalence key (<c>dotnet format</c>, when no fix is offered for
/// its first diagnostic) it applies the key <see cref="FixAllEquivalenceKey"/> resolves.
/// </summary>
internal sealed class ClassificationFixAll : FixAllProvider
{
    public const string MarkKey = nameof(AddClassificationCodeFix) + "Mark";
    public const string RedactKey = nameof(AddClassificationCodeFix) + "Redact";
    public const string MembersKey = nameof(AddClassificationCodeFix) + "Members";
    public const string MembersPrefix = "global::Instrumentation.Redaction.TelemetryValues.Object(";

    public static readonly ClassificationFixAll Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        // Asked without a key (dotnet format, when no fix is offered for its first diagnostic): the first fixable one's.
        if (await FixAllEquivalenceKey.ResolveAsync(fixAllContext).ConfigureAwait(false) is not { } key || key is not (MarkKey or RedactKey or MembersKey))
        {
            return null;
        }

        var title = fixAllContext.Scope switch
        {
            FixAllScope.Document => "Fix all in document",
            FixAllScope.Project => "Fix all in project",
            _ => "Fix all in solution",
        };
        return CodeFixGuard.Create(
            nameof(AddClassificationCodeFix),
            title,
            fixAllContext.Solution,
            ct => FixAsync(fixAllContext, key, ct),
            key);
    }

    private static async Task<Solution> FixAsync(FixAllContext context, string key, CancellationToken cancellationToken)
    {
        var solution = context.Solution;
        var wraps = new Dictionary<DocumentId, Dictionary<TextSpan, (string? Prefix, string Attribute, (DocumentId Document, TextSpan Span)? Declaration)>>();
        var marks = new Dictionary<DocumentId, Dictionary<TextSpan, string>>();

        foreach (var diagnostic in await FixAllDiagnostics.InScopeAsync(context).ConfigureAwait(false))
        {
            if (!diagnostic.Properties.TryGetValue("Attribute", out var attribute) || attribute is null
                || diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var valueAt = AddClassificationCodeFix.Located(diagnostic, "ValueAt");
            var valueDocument = valueAt is { SourceTree: { } valueTree } && valueTree == tree ? solution.GetDocument(valueTree) : null;
            if (diagnostic.Properties.TryGetValue("Render", out var render) && render == "Members")
            {
                if (key == MembersKey && valueDocument is not null)
                {
                    Add(wraps, valueDocument.Id, valueAt!.SourceSpan, (MembersPrefix, attribute, null));
                }

                continue;
            }

            if (key == MarkKey)
            {
                if (AddClassificationCodeFix.Located(diagnostic, "DeclarationAt") is not { SourceTree: { } declarationTree } declaration
                    || solution.GetDocument(declarationTree) is not { } declaringDocument
                    || await declaringDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } declaringRoot
                    || AddClassificationCodeFix.FindDeclaration(declaringRoot, declaration.SourceSpan) is null)
                {
                    // Nothing to mark (a local, a field declared with others, a value from another assembly): the
                    // action's redaction still applies, so one run of dotnet format leaves no value in clear that
                    // a second run would redact.
                    if (valueDocument is not null)
                    {
                        Add(wraps, valueDocument.Id, valueAt!.SourceSpan, (null, attribute, null));
                    }

                    continue;
                }

                if (valueAt is not null)
                {
                    // The single action redacts the value in the diagnostic's document.
                    if (solution.GetDocument(tree) is not { } document)
                    {
                        continue;
                    }

                    Add(wraps, document.Id, valueAt.SourceSpan, (null, attribute, (declaringDocument.Id, declaration.SourceSpan)));
                }

                Mark(marks, declaringDocument.Id, declaration.SourceSpan, attribute);
            }
            else if (key == RedactKey && valueDocument is not null)
            {
                Add(wraps, valueDocument.Id, valueAt!.SourceSpan, (null, attribute, null));
            }
        }

        foreach (var documentId in wraps.Keys.Concat(marks.Keys).Distinct().ToList())
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is null)
            {
                continue;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var edits = new Dictionary<SyntaxNode, System.Func<SyntaxNode, SyntaxNode>>();
            if (wraps.TryGetValue(documentId, out var documentWraps))
            {
                foreach (var wrap in documentWraps)
                {
                    if (AddClassificationCodeFix.WrappableValue(root, wrap.Key) is { } value && !edits.ContainsKey(value))
                    {
                        // A value whose declaration this fix marks is redacted by the class it is marked with: two sinks
                        // of one value can suggest different classes (a 'token' logged, the same value tagged 'email').
                        var attribute = wrap.Value.Declaration is { } declared
                            && marks.TryGetValue(declared.Document, out var declaredMarks)
                            && declaredMarks.TryGetValue(declared.Span, out var marked)
                                ? marked
                                : wrap.Value.Attribute;
                        var prefix = wrap.Value.Prefix ?? AddClassificationCodeFix.RedactPrefix(value, attribute, model, cancellationToken);
                        if (prefix == MembersPrefix && AddClassificationCodeFix.ToStringCallOf(value) is { } call)
                        {
                            // profile.ToString() becomes TelemetryValues.Object(profile), as the single fix writes it.
                            var callInInterpolation = AddClassificationCodeFix.FillsInterpolation(call);
                            edits[call] = rewritten => AddClassificationCodeFix.Wrapped(
                                ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)rewritten).Expression).Expression, prefix, callInInterpolation).WithTriviaFrom(rewritten);
                            continue;
                        }

                        var inInterpolation = AddClassificationCodeFix.FillsInterpolation(value);
                        edits[value] = rewritten => AddClassificationCodeFix.Wrapped((ExpressionSyntax)rewritten, prefix, inInterpolation);
                    }
                }
            }

            if (marks.TryGetValue(documentId, out var documentMarks))
            {
                foreach (var mark in documentMarks)
                {
                    if (AddClassificationCodeFix.FindDeclaration(root, mark.Key) is { } found && !edits.ContainsKey(found.Node))
                    {
                        var attribute = mark.Value;
                        edits[found.Node] = rewritten => AddClassificationCodeFix.Marked(found.Node, rewritten, attribute);
                    }
                }
            }

            if (edits.Count > 0)
            {
                solution = solution.WithDocumentSyntaxRoot(documentId, root.ReplaceNodes(edits.Keys, (original, rewritten) => edits[original](rewritten)));
            }
        }

        return solution;
    }

    /// <summary>
    /// Records the attribute for a declaration; when its sinks disagree, <c>SecretData</c> wins over the others (the
    /// stricter class: a secret redacted as personal data could be masked rather than erased).
    /// </summary>
    private static void Mark(Dictionary<DocumentId, Dictionary<TextSpan, string>> marks, DocumentId document, TextSpan span, string attribute)
    {
        Add(marks, document, span, attribute);
        if (attribute == "SecretData")
        {
            marks[document][span] = attribute;
        }
    }

    private static void Add<TValue>(Dictionary<DocumentId, Dictionary<TextSpan, TValue>> edits, DocumentId document, TextSpan span, TValue value)
    {
        if (!edits.TryGetValue(document, out var spans))
        {
            edits[document] = spans = new Dictionary<TextSpan, TValue>();
        }

        if (!spans.ContainsKey(span))
        {
            spans[span] = value;
        }
    }
}
