using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1030: an instrumented method used as a method group (converted to a delegate) — interceptors only
/// replace calls, so calls through the delegate record nothing. INS1031: a call of an instrumented
/// method in a project whose <c>InterceptorsNamespaces</c> does not include <c>Instrumentation.Generated</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UninstrumentableCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(AnalyzerDiagnostics.MethodGroupNotInstrumented, AnalyzerDiagnostics.CallNotInstrumented, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <summary>
    /// True when the compiler is told to accept interceptors from <c>Instrumentation.Generated</c>: the
    /// <c>InterceptorsNamespaces</c> feature of the parse options (what the compiler itself reads).
    /// </summary>
    private static bool InterceptorsEnabled(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var features = tree.Options.Features;
            foreach (var key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
            {
                if (features.TryGetValue(key, out var value) && value.Split(';').Any(n => n.Trim() == "Instrumentation.Generated"))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(UninstrumentableCallAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.InstrumentedOperation is null)
            {
                return;
            }

            var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var compiledOut = options.TryGetValue("build_property.InstrumentationEnabled", out var enabled) && enabled.Trim().Equals("false", System.StringComparison.OrdinalIgnoreCase);
            var interceptorsOff = !compiledOut && !InterceptorsEnabled(start.Compilation);

            start.RegisterOperationAction(c =>
            {
                var reference = (IMethodReferenceOperation)c.Operation;
                if (reference.Parent is not INameOfOperation && symbols.IsInstrumented(reference.Method))
                {
                    c.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.MethodGroupNotInstrumented, reference.Syntax.GetLocation(), reference.Method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                }
            }, OperationKind.MethodReference);

            if (interceptorsOff)
            {
                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (symbols.IsInstrumented(invocation.TargetMethod))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.CallNotInstrumented, invocation.Syntax.GetLocation(), invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                    }
                }, OperationKind.Invocation);
            }
        });
    }
}
