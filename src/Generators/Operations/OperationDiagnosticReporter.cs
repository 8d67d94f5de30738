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
        GeneratorSettings settings)
    {
        try
        {
            ReportAll(context, operations, funnels, callSiteFailures, settings);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the operation diagnostics"));
        }
    }

    private static void ReportAll(
        SourceProductionContext context,
        ImmutableArray<OperationParseResult> operations,
        ImmutableArray<Funnel.FunnelParseResult> funnels,
        ImmutableArray<DiagnosticInfo> callSiteFailures,
        GeneratorSettings settings)
    {
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
