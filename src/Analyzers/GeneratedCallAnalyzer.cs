using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1032 (Info): a call of an instrumented method in code another source generator wrote. Source generators do not
/// see each other's output, so the operation generator never binds these calls (a Razor component's markup and
/// <c>@code</c>, a sync method generated from an async one, …) and they run without a span — the one kind of missed call
/// the generator itself cannot report. Analyzers see the final compilation: a call in generated code that binds to an
/// instrumented method and has no interceptor is reported here, and so is an annotated method another generator declares
/// (its calls are never instrumented, also those in the user's code). Calls in the SDK's own generated files (the
/// interceptors forward to the method they replace) are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratedCallAnalyzer : DiagnosticAnalyzer
{
    private const string OwnGenerators = "Instrumentation.Generators";

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

            // A syntax action, not an operation action: generated files are analyzed here only, and the SDK's own (large)
            // interceptor files are skipped at the first check without building operation trees for them.
            start.RegisterSyntaxNodeAction(c =>
            {
                if (!c.IsGeneratedCode || c.Node.SyntaxTree.FilePath.Contains(OwnGenerators))
                {
                    return;
                }

                var invocation = (InvocationExpressionSyntax)c.Node;
                if (c.SemanticModel.GetSymbolInfo(invocation, c.CancellationToken).Symbol is not IMethodSymbol target
                    || !symbols.IsInstrumented(target)
                    || invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
                    || HasConditional(target)
                    || InExpressionTree(c.SemanticModel, invocation, c.CancellationToken)
#pragma warning disable RSEXPERIMENTAL002 // the interceptor the compiler binds to this call: what decides whether it is instrumented
                    || c.SemanticModel.GetInterceptorMethod(invocation, c.CancellationToken) is not null)
#pragma warning restore RSEXPERIMENTAL002
                {
                    return;
                }

                c.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.CallInOtherGeneratedCode,
                    invocation.GetLocation(),
                    "This call of '" + target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "' is",
                    "it runs without a span or metrics"));
            }, SyntaxKind.InvocationExpression);

            // An annotated method another generator declares (Zomp.SyncMethodGenerator copies the attributes of an async
            // method onto its sync twin): the operation generator never sees the declaration, so none of its calls —
            // also those in the user's own code — is instrumented. Reported once, at the declaration.
            start.RegisterSymbolAction(c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (!c.IsGeneratedCode
                    || !symbols.HasOperationAttribute(method)
                    || method.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath.Contains(OwnGenerators) || !IsGeneratorOutput(r.SyntaxTree))
                    || method.Locations.FirstOrDefault() is not { IsInSource: true } location)
                {
                    return;
                }

                c.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.CallInOtherGeneratedCode,
                    location,
                    "'" + method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "' carries an operation attribute but is declared",
                    "none of its calls is instrumented, also not those in your own code"));
            }, SymbolKind.Method);
        });
    }

    // A source generator's output, not a generated file of the project (T4, gRPC tools: the operation generator sees
    // those). MSBuild passes the project's files with full paths; a generator's trees are named
    // "<assembly>/<generator type>/<hint name>", relative, or under the CompilerGeneratedFilesOutputPath
    // ("generated" by default) when EmitCompilerGeneratedFiles writes them out.
    private static bool IsGeneratorOutput(SyntaxTree tree) =>
        !System.IO.Path.IsPathRooted(tree.FilePath) || tree.FilePath.Replace('\\', '/').Contains("/generated/");

    // A [Conditional] method's calls may be omitted by the compiler: nothing to say about them here.
    private static bool HasConditional(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.ConditionalAttribute");

    // A call inside a lambda converted to an expression tree is data, not a call (the generator leaves it alone too).
    private static bool InExpressionTree(SemanticModel model, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var lambda in node.Ancestors().OfType<LambdaExpressionSyntax>())
        {
            if (model.GetTypeInfo(lambda, cancellationToken).ConvertedType is { } converted && IsExpressionType(converted))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExpressionType(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Expression" } named && named.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions";
}
