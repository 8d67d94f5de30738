using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1032 (Info): an instrumented method called, or used as a delegate, in code another source generator wrote.
/// Source generators do not see each other's output, so the operation generator never binds these calls (a Razor
/// component's markup and <c>@code</c>, a sync method generated from an async one, MVVM's <c>[RelayCommand]</c>) and they
/// run without a span — the one kind of missed call the generator itself cannot report. Analyzers see the final
/// compilation: a call in generated code that binds to an instrumented method and has no interceptor, or a method group
/// of one, is reported — where the generator maps it into a user's file (Razor's <c>#line</c>), at the call; otherwise at
/// the user's declaration of the method, naming the generated position (generated files often disable warnings and are
/// not opened). An annotated method another generator declares is reported too (its calls are never instrumented, also
/// those in the user's code), unless the user declares the other half of the partial method. Calls in the SDK's own
/// generated files (the interceptors forward to the method they replace) are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratedCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(AnalyzerDiagnostics.CallInOtherGeneratedCode, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterGuardedCompilationStartAction(nameof(GeneratedCallAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.InstrumentedOperation is null)
            {
                return;
            }

            var generatedBase = GeneratorOutput.Base(start.Compilation);

            // One walk per generated tree, in document order: the SDK's own (large) interceptor files are skipped at the
            // first check without building operation trees for them, and repeated findings are grouped deterministically.
            start.RegisterTreeWalk(
                tree => !GeneratorOutput.IsOwn(tree) && GeneratorOutput.Contains(tree, generatedBase),
                () => new List<Finding>(),
                (c, node, unmapped) =>
                {
                    if (Find(node, c.SemanticModel, symbols, c.CancellationToken) is not { } finding)
                    {
                        return;
                    }

                    if (node.GetLocation().GetMappedLineSpan().HasMappedPath)
                    {
                        // Razor maps its C# into the .razor file: each call is reported there, where the user wrote it.
                        c.ReportDiagnostic(AtNode(finding));
                    }
                    else
                    {
                        unmapped.Add(finding);
                    }
                },
                (c, unmapped) =>
                {
                    // Elsewhere at the user's declaration of the method (generated files often disable warnings and are not
                    // opened), once per method and kind in this file, naming the first place and counting the others.
                    foreach (var group in unmapped.GroupBy(f => (Definition(f.Target), f.IsDelegate), new FindingKeyComparer()))
                    {
                        foreach (var diagnostic in Grouped(group.ToList(), generatedBase))
                        {
                            c.ReportDiagnostic(diagnostic);
                        }
                    }
                });

            // An annotated method another generator declares (Zomp.SyncMethodGenerator copies the attributes of an async
            // method onto its sync twin): the operation generator never sees the declaration, so none of its calls —
            // also those in the user's own code — is instrumented. Reported once, at the declaration. A partial method
            // the user declares and another generator implements ([GeneratedRegex], [LoggerMessage], Mapperly) or the
            // other way round (MVVM's On…Changed hooks) is seen by the generator in the user's half: not reported.
            start.RegisterSymbolAction(c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (!c.IsGeneratedCode
                    || !symbols.HasOperationAttribute(method)
                    || method.DeclaringSyntaxReferences.Any(r => GeneratorOutput.IsOwn(r.SyntaxTree))
                    || GeneratorOutput.HasOwnDeclaration(method, generatedBase)
                    || method.Locations.FirstOrDefault() is not { IsInSource: true } location)
                {
                    return;
                }

                c.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.CallInOtherGeneratedCode,
                    location,
                    "'" + Display(method) + "' carries an operation attribute but is declared",
                    "none of its calls is instrumented, also not those in your own code"));
            }, SymbolKind.Method);
        });
    }

    private static string Display(IMethodSymbol method) => method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    // At the generated node itself: Razor's mapped calls, and calls of a method with no declaration of the user's (one
    // in a referenced assembly).
    private static Diagnostic AtNode(Finding finding)
    {
        var name = "'" + Display(finding.Target) + "'";
        return Diagnostic.Create(
            AnalyzerDiagnostics.CallInOtherGeneratedCode,
            finding.Node.GetLocation(),
            finding.IsDelegate ? name + " is used as a delegate here," : "This call of " + name + " is",
            finding.IsDelegate ? "calls through that delegate run without a span or metrics" : "it runs without a span or metrics");
    }

    // At the user's declaration: one finding for every call (or method group) of the method in one generated file.
    private static IEnumerable<Diagnostic> Grouped(IReadOnlyList<Finding> group, string? generatedBase)
    {
        var first = group[0];
        var location = GeneratorOutput.Locate(first.Node, first.Target, generatedBase, out var at);
        if (location == first.Node.GetLocation())
        {
            return group.Select(AtNode);
        }

        var others = group.Count - 1;
        var where = at + (others == 0 ? string.Empty : " and " + others + (others == 1 ? " other place" : " other places") + " in that file");
        return new[]
        {
            Diagnostic.Create(
                AnalyzerDiagnostics.CallInOtherGeneratedCode,
                location,
                "'" + Display(first.Target) + "' is " + (first.IsDelegate ? "used as a delegate" : "called") + " at " + where + ",",
                first.IsDelegate ? "calls through that delegate run without a span or metrics"
                    : others == 0 ? "that call runs without a span or metrics" : "those calls run without a span or metrics"),
        };
    }

    private static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    // A call of an instrumented method no interceptor replaces, or a method group of one (MVVM's [RelayCommand] writes
    // new RelayCommand(new Action(AddItem)); INS1030 says this for the user's own code only).
    private static Finding? Find(SyntaxNode node, SemanticModel model, KnownSymbols symbols, System.Threading.CancellationToken cancellationToken)
    {
        if (node is InvocationExpressionSyntax invocation)
        {
            return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol target
                && symbols.IsInstrumented(target)
                && UninterceptedCalls.IsMissed(model, invocation, target, cancellationToken)
                ? new Finding(target, node, IsDelegate: false)
                : null;
        }

        return node is IdentifierNameSyntax or MemberAccessExpressionSyntax
            && IsMethodGroupPosition(node)
            && model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol method
            && method.MethodKind is MethodKind.Ordinary or MethodKind.ReducedExtension
            && symbols.IsInstrumented(method)
            && !UninterceptedCalls.InExpressionTree(model, node, cancellationToken)
            ? new Finding(method, node, IsDelegate: true)
            : null;
    }

    private sealed record Finding(IMethodSymbol Target, SyntaxNode Node, bool IsDelegate);

    private sealed class FindingKeyComparer : IEqualityComparer<(IMethodSymbol Method, bool IsDelegate)>
    {
        public bool Equals((IMethodSymbol Method, bool IsDelegate) x, (IMethodSymbol Method, bool IsDelegate) y) =>
            x.IsDelegate == y.IsDelegate && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((IMethodSymbol Method, bool IsDelegate) key) => SymbolEqualityComparer.Default.GetHashCode(key.Method) * 2 + (key.IsDelegate ? 1 : 0);
    }

    // A name that can only denote a method group, not a call: the argument of a delegate creation or of a call, a
    // value assigned, returned, cast or initialized (the right side of a member access is looked at as the whole access).
    private static bool IsMethodGroupPosition(SyntaxNode node)
    {
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
        {
            return false;
        }

        return node.Parent is ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or CastExpressionSyntax
            || (node.Parent is AssignmentExpressionSyntax assignment && assignment.Right == node);
    }
}
