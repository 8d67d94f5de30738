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
    public override FixAllProvider GetFixAllProvider() => KeyedBatchFixer.Instance;

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

        // '(Func<int, int>)Run', a cast that picks an overload: the conversion is the cast's, and the lambda needs
        // parentheses there ('(Func<int, int>)arg => Run(arg)' is no cast), unless the method group already has them.
        var outer = group;
        while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            outer = parenthesized;
        }

        var cast = outer.Parent is CastExpressionSyntax castOf && castOf.Expression == outer ? castOf : null;
        var parenthesize = cast is not null && outer == group;
        var delegateType = (model.GetTypeInfo(group, context.CancellationToken).ConvertedType
            ?? (cast is null ? null : model.GetTypeInfo(cast, context.CancellationToken).Type)) as INamedTypeSymbol;
        var invoke = delegateType?.DelegateInvokeMethod;
        var target = model.GetSymbolInfo(group, context.CancellationToken).Symbol as IMethodSymbol
            ?? model.GetSymbolInfo(group, context.CancellationToken).CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        if (invoke is null || delegateType!.IsAnonymousType || target is null || target.Parameters.Length != invoke.Parameters.Length
            || ComparesByIdentity(group) || !CanCapture(group, model, context.CancellationToken)
            || RemovedElsewhere(group, model, context.CancellationToken))
        {
            return;
        }

        // 'var f = Run;' takes the method group's natural type: a lambda has one only with typed parameters.
        var typedParameters = group.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } };

        // A delegate with ref, out, in or scoped parameters ('delegate void RefAction(ref int x)'): the lambda repeats the
        // modifiers and the call passes the arguments with the method's ('(ref x) => Inc(ref x)'). Modifiers without
        // types need C# 14; before, the parameters are typed ('(ref int x) => Inc(ref x)'). Before, no fix was offered.
        var modified = invoke.Parameters.Any(p => p.RefKind != RefKind.None || p.ScopedKind != ScopedKind.None);
        typedParameters |= modified && (int)((CSharpParseOptions)group.SyntaxTree.Options).LanguageVersion < 1400;

        var names = ParameterNames(invoke.Parameters.Length, group, model);
        var call = SyntaxFactory.InvocationExpression(
            group.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(names.Select((n, i) => ArgumentFor(n, target.Parameters[i].RefKind)))));

        // A delegate that returns by reference ('delegate ref int Getter()'): the lambda returns the call's reference
        // ('() => ref Get()'); without 'ref' it is CS8150.
        ExpressionSyntax body = invoke.ReturnsByRef || invoke.ReturnsByRefReadonly
            ? SyntaxFactory.RefExpression(SyntaxFactory.Token(SyntaxKind.RefKeyword).WithTrailingTrivia(SyntaxFactory.Space), call)
            : call;
        ExpressionSyntax lambda = names.Count == 1 && !typedParameters && !modified
            ? SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[0])), body)
            : SyntaxFactory.ParenthesizedLambdaExpression(
                SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(names.Select((n, i) =>
                {
                    var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(n)).WithModifiers(ModifiersOf(invoke.Parameters[i]));
                    return typedParameters
                        ? parameter.WithType(SyntaxFactory.ParseTypeName(
                            invoke.Parameters[i].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)) + " "))
                        : parameter;
                }))),
                body);
        context.RegisterCodeFix(
            CodeFixGuard.Create(nameof(WrapInLambdaCodeFix), "Wrap in a lambda (instrumented call)", context.Document, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(group, (parenthesize ? SyntaxFactory.ParenthesizedExpression(lambda) : lambda).WithTriviaFrom(group)))), nameof(WrapInLambdaCodeFix)),
            context.Diagnostics);
    }

    /// <summary>The lambda parameter's modifiers: the delegate parameter's <c>scoped</c> (not an out parameter's, implicit) and ref kind.</summary>
    private static SyntaxTokenList ModifiersOf(IParameterSymbol parameter)
    {
        var tokens = new List<SyntaxToken>();
        if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out)
        {
            tokens.Add(SyntaxFactory.Token(SyntaxKind.ScopedKeyword));
        }

        switch (parameter.RefKind)
        {
            case RefKind.Ref:
                tokens.Add(SyntaxFactory.Token(SyntaxKind.RefKeyword));
                break;
            case RefKind.Out:
                tokens.Add(SyntaxFactory.Token(SyntaxKind.OutKeyword));
                break;
            case RefKind.In:
                tokens.Add(SyntaxFactory.Token(SyntaxKind.InKeyword));
                break;
            case RefKind.RefReadOnlyParameter:
                tokens.Add(SyntaxFactory.Token(SyntaxKind.RefKeyword));
                tokens.Add(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword));
                break;
        }

        return SyntaxFactory.TokenList(tokens.Select(t => t.WithTrailingTrivia(SyntaxFactory.Space)));
    }

    /// <summary>An argument passed as the method's parameter takes it: <c>ref x</c>, <c>out x</c>, <c>in x</c> (also for <c>ref readonly</c>).</summary>
    private static ArgumentSyntax ArgumentFor(string name, RefKind refKind)
    {
        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name));
        var keyword = refKind switch
        {
            RefKind.Ref => SyntaxKind.RefKeyword,
            RefKind.Out => SyntaxKind.OutKeyword,
            RefKind.In or RefKind.RefReadOnlyParameter => SyntaxKind.InKeyword,
            _ => SyntaxKind.None,
        };
        return keyword == SyntaxKind.None ? argument : argument.WithRefKindKeyword(SyntaxFactory.Token(keyword).WithTrailingTrivia(SyntaxFactory.Space));
    }

    /// <summary>
    /// True where the delegate is compared or removed by identity (<c>Changed -= OnChanged</c>, <c>handlers.Remove(Tick)</c>,
    /// <c>Delegate.Remove(d, Tick)</c>, <c>==</c>): a new lambda equals no delegate already there, so wrapping would remove nothing.
    /// </summary>
    private static bool ComparesByIdentity(ExpressionSyntax group)
    {
        var parent = group.Parent;
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SubtractAssignmentExpression):
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.SubtractExpression) || binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
                return true;
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }:
                var name = call.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => string.Empty,
                };
                // RemoveAll / RemoveWhere take a predicate, which they call: not a removal of the delegate by identity.
                return ((name.StartsWith("Remove", StringComparison.Ordinal) || name.StartsWith("TryRemove", StringComparison.Ordinal)
                        || name.StartsWith("Unsubscribe", StringComparison.Ordinal) || name.StartsWith("Unregister", StringComparison.Ordinal))
                        && !name.EndsWith("All", StringComparison.Ordinal) && !name.EndsWith("Where", StringComparison.Ordinal))
                    || name is "Contains" or "IndexOf" or "LastIndexOf" or "Equals" or "ReferenceEquals";
            default:
                return false;
        }
    }

    /// <summary>
    /// True when the type also removes or compares the same method group (<c>Changed -= OnChanged</c> for a
    /// <c>Changed += OnChanged</c>): a lambda added here would never be removed there.
    /// </summary>
    private static bool RemovedElsewhere(ExpressionSyntax group, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var method = model.GetSymbolInfo(group, cancellationToken).Symbol ?? model.GetSymbolInfo(group, cancellationToken).CandidateSymbols.FirstOrDefault();
        var name = (group as MemberAccessExpressionSyntax)?.Name ?? group as SimpleNameSyntax;
        if (method is null || name is null || group.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
        {
            return false;
        }

        foreach (var other in type.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (other.Identifier.ValueText != name.Identifier.ValueText)
            {
                continue;
            }

            var use = other.Parent is MemberAccessExpressionSyntax access && access.Name == other ? access : (ExpressionSyntax)other;
            if (use != group && ComparesByIdentity(use)
                && SymbolEqualityComparer.Default.Equals((model.GetSymbolInfo(use, cancellationToken).Symbol ?? model.GetSymbolInfo(use, cancellationToken).CandidateSymbols.FirstOrDefault())?.OriginalDefinition, method.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// False where a lambda cannot capture the receiver: <c>this</c> of a struct, an <c>in</c>/<c>ref</c>/<c>out</c>
    /// parameter, a ref local, a ref struct — or would not call the method on what the method group does: a struct
    /// receiver, which the method group copies when the delegate is made.
    /// </summary>
    private static bool CanCapture(ExpressionSyntax group, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var method = model.GetSymbolInfo(group, cancellationToken) is { Symbol: IMethodSymbol resolved } ? resolved
            : model.GetSymbolInfo(group, cancellationToken).CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        if (method is null)
        {
            return false;
        }

        ExpressionSyntax? receiver = group is MemberAccessExpressionSyntax member ? member.Expression : null;
        if (receiver is null)
        {
            // Implicit 'this': only an instance method of the enclosing type reads it.
            return method.IsStatic || method.ReducedFrom is not null || model.GetEnclosingSymbol(group.SpanStart, cancellationToken)?.ContainingType is not { IsValueType: true };
        }

        if (!method.IsStatic && method.ReducedFrom is null && model.GetTypeInfo(receiver, cancellationToken).Type is { IsValueType: true })
        {
            // 'd.Bump' of a struct: the delegate calls the method on a boxed copy taken now, a lambda on the variable when it
            // runs — a stranger's trial printed d.N=0 before the fix and 5 after it.
            return false;
        }

        for (var current = receiver; ;)
        {
            if (model.GetTypeInfo(current, cancellationToken).Type is { IsRefLikeType: true })
            {
                return false;
            }

            switch (current)
            {
                case ThisExpressionSyntax or BaseExpressionSyntax:
                    return model.GetEnclosingSymbol(group.SpanStart, cancellationToken)?.ContainingType is not { IsValueType: true };
                case MemberAccessExpressionSyntax inner:
                    current = inner.Expression;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized.Expression;
                    continue;
                case IdentifierNameSyntax identifier:
                    return model.GetSymbolInfo(identifier, cancellationToken).Symbol switch
                    {
                        IParameterSymbol parameter => parameter.RefKind == RefKind.None,
                        ILocalSymbol local => !local.IsRef,
                        IFieldSymbol or IPropertySymbol => IsStaticMember(model, identifier, cancellationToken) || model.GetEnclosingSymbol(group.SpanStart, cancellationToken)?.ContainingType is not { IsValueType: true },
                        _ => true,
                    };
                default:
                    return true;
            }
        }
    }

    private static bool IsStaticMember(SemanticModel model, IdentifierNameSyntax identifier, System.Threading.CancellationToken cancellationToken) =>
        model.GetSymbolInfo(identifier, cancellationToken).Symbol is { IsStatic: true };

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
