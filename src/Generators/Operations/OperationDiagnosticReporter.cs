using System;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Reports the operation and funnel generators' diagnostics, from the parse results that carry real
/// source locations (so <c>#pragma</c>, <c>[SuppressMessage]</c> and <c>.editorconfig</c> apply to them).
/// </summary>
internal static class OperationDiagnosticReporter
{
    public static void Report(
        SourceProductionContext context,
        ImmutableArray<OperationParseResult> operations,
        ImmutableArray<Funnel.FunnelParseResult> funnels,
        ImmutableArray<DiagnosticInfo> callSiteFailures,
        GeneratorSettings settings,
        EquatableArray<string> calledKeys)
    {
        try
        {
            ReportAll(context, operations, funnels, callSiteFailures, settings, calledKeys);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the operation diagnostics"));
        }
    }

    /// <summary>
    /// INS0017 (Info: calls through a referenced declaration are not instrumented) becomes INS0027 (Warning) when no call in
    /// the compilation binds to the method itself: a MediatR handler's <c>Handle</c>, which the framework calls through
    /// <c>IRequestHandler&lt;,&gt;.Handle</c>, recorded nothing with only a note the command line never prints (a newcomer's
    /// trial). Not where instrumentation is off or interceptors are not allowed (no call is bound there), nor for a static
    /// interface member (called as <c>T.Parse</c>, which INS0017 explains).
    /// </summary>
    private static bool OnlyCalledThroughReferenced(DiagnosticInfo diagnostic, OperationParseResult result, System.Collections.Generic.HashSet<string> called, GeneratorSettings settings) =>
        diagnostic.Id == RobustnessDiagnostics.BaseDeclarationNotInSource.Id
        && settings.Enabled
        && settings.InterceptorsEnabled
        && settings.LanguageSupported
        && result.Model is { } model
        && !called.Contains(model.Key)
        && diagnostic.Arguments.Count == 4
        && diagnostic.Arguments[3].StartsWith(DeclarationReach.ReferencedAssemblyReason, System.StringComparison.Ordinal);

    private static void ReportAll(
        SourceProductionContext context,
        ImmutableArray<OperationParseResult> operations,
        ImmutableArray<Funnel.FunnelParseResult> funnels,
        ImmutableArray<DiagnosticInfo> callSiteFailures,
        GeneratorSettings settings,
        EquatableArray<string> calledKeys)
    {
        var called = new System.Collections.Generic.HashSet<string>(calledKeys, System.StringComparer.Ordinal);

        // INS0015 is about the project: every declaration carries one, the first in source order is reported.
        var tooOld = new System.Collections.Generic.List<DiagnosticInfo>();
        foreach (var result in operations)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                if (diagnostic.Id == RobustnessDiagnostics.LanguageVersionTooOld.Id)
                {
                    tooOld.Add(diagnostic);
                    continue;
                }

                if (OnlyCalledThroughReferenced(diagnostic, result, called, settings))
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic(RobustnessDiagnostics.OnlyCalledThroughReferencedDeclaration));
                    continue;
                }

                context.ReportDiagnostic(diagnostic.ToDiagnostic(OperationDiagnostics.Find(diagnostic.Id)));
            }
        }

        foreach (var result in funnels)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                if (diagnostic.Id == RobustnessDiagnostics.LanguageVersionTooOld.Id)
                {
                    tooOld.Add(diagnostic);
                    continue;
                }

                context.ReportDiagnostic(diagnostic.ToDiagnostic(Funnel.FunnelDiagnostics.Find(diagnostic.Id)));
            }
        }

        if (settings.Enabled)
        {
            foreach (var diagnostic in LanguageRequirement.KeepFirst(tooOld))
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic(RobustnessDiagnostics.LanguageVersionTooOld));
            }
        }

        foreach (var failure in callSiteFailures)
        {
            context.ReportDiagnostic(failure.ToDiagnostic(OperationDiagnostics.Find(failure.Id)));
        }

        if (!settings.Enabled)
        {
            return;
        }

        // The same order as emission, so the definition that wins there is the one not reported here.
        var catalog = new InstrumentCatalog();
        var ordered = operations
            .Where(r => r.Model is not null)
            .GroupBy(r => r.Model!.Key)
            .Select(g => g.First())
            .OrderBy(r => r.Model!.Key, System.StringComparer.Ordinal);
        foreach (var result in ordered)
        {
            foreach (var conflict in catalog.Add(result.Model!, result.AttributeLocation))
            {
                context.ReportDiagnostic(conflict.ToDiagnostic(OperationDiagnostics.ConflictingMetricDefinition));
            }
        }
    }
}
