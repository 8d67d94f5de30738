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

            // Syntax actions, not operation actions: generated files are analyzed here only, and the SDK's own (large)
            // interceptor files are skipped at the first check without building operation trees for them.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (!IsOtherGeneratorOutput(c))
                {
                    return;
                }

                var invocation = (InvocationExpressionSyntax)c.Node;
                if (c.SemanticModel.GetSymbolInfo(invocation, c.CancellationToken).Symbol is not IMethodSymbol target
                    || !symbols.IsInstrumented(target)
                    || !UninterceptedCalls.IsMissed(c.SemanticModel, invocation, target, c.CancellationToken))
                {
                    return;
                }

                var location = GeneratorOutput.Locate(invocation, target, out var at);
                var name = Display(target);
                c.ReportDiagnostic(location == invocation.GetLocation()
                    ? Diagnostic.Create(AnalyzerDiagnostics.CallInOtherGeneratedCode, location, "This call of '" + name + "' is", "it runs without a span or metrics")
                    : Diagnostic.Create(AnalyzerDiagnostics.CallInOtherGeneratedCode, location, "'" + name + "' is called at " + at + ",", "that call runs without a span or metrics"));
            }, SyntaxKind.InvocationExpression);

            // A method group in another generator's output (MVVM's [RelayCommand] writes new RelayCommand(new Action(AddItem))):
            // calls through the delegate are not instrumented. INS1030 says this for the user's own code only.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (!IsMethodGroupPosition(c.Node) || !IsOtherGeneratorOutput(c)
                    || c.SemanticModel.GetSymbolInfo(c.Node, c.CancellationToken).Symbol is not IMethodSymbol target
                    || target.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension)
                    || !symbols.IsInstrumented(target)
                    || UninterceptedCalls.InExpressionTree(c.SemanticModel, c.Node, c.CancellationToken))
                {
                    return;
                }

                var location = GeneratorOutput.Locate(c.Node, target, out var at);
                var name = Display(target);
                c.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.CallInOtherGeneratedCode,
                    location,
                    "'" + name + "' is used as a delegate " + (location == c.Node.GetLocation() ? "here," : "at " + at + ","),
                    "calls through that delegate run without a span or metrics"));
            }, SyntaxKind.IdentifierName, SyntaxKind.SimpleMemberAccessExpression);

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
                    || GeneratorOutput.HasOwnDeclaration(method)
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

    private static bool IsOtherGeneratorOutput(SyntaxNodeAnalysisContext context) =>
        context.IsGeneratedCode && !GeneratorOutput.IsOwn(context.Node.SyntaxTree) && GeneratorOutput.Contains(context.Node.SyntaxTree);

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
