using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.CodeFixes;

/// <summary>INS1030: replaces a method group with a lambda that calls the method (a call the generator intercepts).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapInLambdaCodeFix)), Shared]
public sealed class WrapInLambdaCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MethodGroupNotInstrumented);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixGuard.RegisterAsync(context, nameof(WrapInLambdaCodeFix), RegisterAsync);

    private static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax group || model is null)
        {
            return;
        }

        if (group.Parent is ArgumentSyntax { Parent: ArgumentListSyntax } argument && argument.Expression != group)
        {
            return;
        }

        var delegateType = model.GetTypeInfo(group, context.CancellationToken).ConvertedType as INamedTypeSymbol;
        var invoke = delegateType?.DelegateInvokeMethod;
        if (invoke is null || invoke.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return;
        }

        var names = ParameterNames(invoke.Parameters.Length, group, model);
        var call = SyntaxFactory.InvocationExpression(
            group.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(names.Select(n => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(n))))));
        ExpressionSyntax lambda = names.Count == 1
            ? SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[0])), call)
            : SyntaxFactory.ParenthesizedLambdaExpression(
                SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(names.Select(n => SyntaxFactory.Parameter(SyntaxFactory.Identifier(n))))),
                call);
        context.RegisterCodeFix(
            CodeFixGuard.Create(nameof(WrapInLambdaCodeFix), "Wrap in a lambda (instrumented call)", context.Document, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(group, lambda.WithTriviaFrom(group)))), nameof(WrapInLambdaCodeFix)),
            context.Diagnostics);
    }

    /// <summary>
    /// <c>arg</c> (one parameter) or <c>arg0</c>, <c>arg1</c>, … — skipping every name the method group mentions and
    /// every name in scope there: <c>arg.Combine</c> must become <c>arg1 =&gt; arg.Combine(arg1)</c>, not
    /// <c>arg =&gt; arg.Combine(arg)</c>, which compiles and calls the method on the lambda's argument instead.
    /// </summary>
    private static List<string> ParameterNames(int count, ExpressionSyntax group, SemanticModel model)
    {
        var taken = new HashSet<string>(
            group.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText),
            StringComparer.Ordinal);
        taken.UnionWith(model.LookupSymbols(group.SpanStart).Select(symbol => symbol.Name));
        return Candidates(single: count == 1).Where(name => !taken.Contains(name)).Take(count).ToList();

        static IEnumerable<string> Candidates(bool single)
        {
            if (single)
            {
                yield return "arg";
            }

            for (var i = single ? 1 : 0; ; i++)
            {
                yield return "arg" + i.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
