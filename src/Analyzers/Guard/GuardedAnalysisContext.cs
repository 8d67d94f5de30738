using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers.Guard;

/// <summary>
/// The registrations of an analyzer, each wrapped so that an exception becomes one INS0036 at the node being analysed
/// (<see cref="AnalyzerGuard"/>) and the analyzer keeps working on every other node of the compilation. An analyzer
/// registers only through this type, so no action of it is ever unguarded; its <c>SupportedDiagnostics</c> must
/// include <see cref="AnalyzerDiagnostics.InternalAnalyzerError"/>.
/// </summary>
internal static class GuardedAnalysisContext
{
    /// <summary>
    /// Registers a guarded compilation-start action of <paramref name="component"/> (the analyzer's name in the
    /// message). A failure there (e.g. while resolving symbols) is reported once, without a location, at the end of
    /// the compilation; what the action registered before it failed keeps running.
    /// </summary>
    public static void RegisterGuardedCompilationStartAction(this AnalysisContext context, string component, Action<GuardedCompilationStartContext> action)
    {
        context.RegisterCompilationStartAction(start =>
        {
            try
            {
                FaultInjection.Check(FaultInjection.Stage.CompilationStart, component, null);
                action(new GuardedCompilationStartContext(start, component));
            }
            catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
            {
                var what = "the compilation '" + start.Compilation.AssemblyName + "'";
                start.RegisterCompilationEndAction(end => AnalyzerGuard.Report(end.ReportDiagnostic, () => AnalyzerGuard.Failure(component, exception, null, what)));
            }
        });
    }
}

/// <summary>A <see cref="CompilationStartAnalysisContext"/> whose registrations are guarded.</summary>
internal sealed class GuardedCompilationStartContext
{
    private readonly CompilationStartAnalysisContext _start;
    private readonly string _component;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1012", Justification = "Every action is registered on the stored context by the methods below.")]
    public GuardedCompilationStartContext(CompilationStartAnalysisContext start, string component)
    {
        _start = start;
        _component = component;
    }

    public Compilation Compilation => _start.Compilation;

    public AnalyzerOptions Options => _start.Options;

    public System.Threading.CancellationToken CancellationToken => _start.CancellationToken;

    /// <summary>A symbol action; a failure is reported at the symbol's declaration.</summary>
    public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, params SymbolKind[] kinds)
    {
        var component = _component;
        _start.RegisterSymbolAction(
            c =>
            {
                try
                {
                    FaultInjection.Check(FaultInjection.Stage.Symbol, component, c.Symbol);
                    action(c);
                }
                catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
                {
                    AnalyzerGuard.Report(c.ReportDiagnostic, () => AnalyzerGuard.Failure(component, exception, AnalyzerGuard.LocationOf(c.Symbol), AnalyzerGuard.Describe(c.Symbol)));
                }
            },
            ImmutableArray.Create(kinds));
    }

    /// <summary>An operation action; a failure is reported at the operation's syntax.</summary>
    public void RegisterOperationAction(Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        _start.RegisterOperationAction(
            Guarded(action, FaultInjection.Stage.Operation, c => c.ContainingSymbol, c => c.Operation.Syntax.GetLocation(), c => c.ReportDiagnostic),
            ImmutableArray.Create(kinds));

    /// <summary>A syntax node action; a failure is reported at the node.</summary>
    public void RegisterSyntaxNodeAction(Action<SyntaxNodeAnalysisContext> action, params Microsoft.CodeAnalysis.CSharp.SyntaxKind[] kinds) =>
        _start.RegisterSyntaxNodeAction(
            Guarded(action, FaultInjection.Stage.SyntaxNode, c => c.ContainingSymbol, c => c.Node.GetLocation(), c => c.ReportDiagnostic),
            ImmutableArray.Create(kinds));

    /// <summary>
    /// A walk over the nodes of each tree <paramref name="include"/> accepts, in document order, with a state per tree that
    /// <paramref name="complete"/> reports from (findings grouped deterministically). A failure on one node is one INS0036
    /// at that node and the walk goes on; a failure in <paramref name="complete"/> is one INS0036 for the file.
    /// </summary>
    public void RegisterTreeWalk<TState>(
        Func<SyntaxTree, bool> include,
        Func<TState> create,
        Action<SemanticModelAnalysisContext, SyntaxNode, TState> visit,
        Action<SemanticModelAnalysisContext, TState> complete)
    {
        var component = _component;
        _start.RegisterSemanticModelAction(c =>
        {
            var tree = c.SemanticModel.SyntaxTree;
            if (!include(tree))
            {
                return;
            }

            var state = create();
            foreach (var node in tree.GetRoot(c.CancellationToken).DescendantNodes())
            {
                try
                {
                    if (FaultInjection.IsArmed)
                    {
                        FaultInjection.Check(FaultInjection.Stage.SyntaxNode, component, c.SemanticModel.GetEnclosingSymbol(node.SpanStart, c.CancellationToken));
                    }

                    visit(c, node, state);
                }
                catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
                {
                    AnalyzerGuard.Report(
                        c.ReportDiagnostic,
                        () => AnalyzerGuard.Failure(component, exception, node.GetLocation(), "an expression in " + AnalyzerGuard.Describe(c.SemanticModel.GetEnclosingSymbol(node.SpanStart, c.CancellationToken))));
                }
            }

            try
            {
                complete(c, state);
            }
            catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
            {
                AnalyzerGuard.Report(c.ReportDiagnostic, () => AnalyzerGuard.Failure(component, exception, null, "the file '" + System.IO.Path.GetFileName(tree.FilePath) + "'"));
            }
        });
    }

    // An action on a node inside a member (operation or syntax): a failure is one INS0036 at that node.
    private Action<TContext> Guarded<TContext>(
        Action<TContext> action,
        FaultInjection.Stage stage,
        Func<TContext, ISymbol?> containingSymbol,
        Func<TContext, Location> location,
        Func<TContext, Action<Diagnostic>> report)
    {
        var component = _component;
        return c =>
        {
            try
            {
                FaultInjection.Check(stage, component, containingSymbol(c));
                action(c);
            }
            catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
            {
                AnalyzerGuard.Report(
                    report(c),
                    () => AnalyzerGuard.Failure(component, exception, location(c), "an expression in " + AnalyzerGuard.Describe(containingSymbol(c))));
            }
        };
    }

    /// <summary>A compilation-end action; a failure is reported without a location.</summary>
    public void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action)
    {
        var component = _component;
        _start.RegisterCompilationEndAction(c =>
        {
            try
            {
                FaultInjection.Check(FaultInjection.Stage.CompilationEnd, component, null);
                action(c);
            }
            catch (Exception exception) when (AnalyzerGuard.IsCatchable(exception))
            {
                AnalyzerGuard.Report(c.ReportDiagnostic, () => AnalyzerGuard.Failure(component, exception, null, "the end of the compilation '" + c.Compilation.AssemblyName + "'"));
            }
        });
    }
}
