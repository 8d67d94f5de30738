using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Emits the operations file so that one operation whose emission throws is left out (one INS0999
/// naming it) while every other operation is still generated and intercepted.
/// </summary>
internal static class IsolatedEmission
{
    /// <summary>The generated source, or null when there is nothing to generate or nothing could be.</summary>
    public static string? Emit(
        SourceProductionContext context,
        List<OperationModel> operations,
        Dictionary<string, Funnel.FunnelMethodModel> funnels,
        ImmutableArray<CallSiteModel> callSites,
        GeneratorSettings settings)
    {
        if (operations.Count == 0 && funnels.Count == 0)
        {
            // Nothing annotated, nothing generated.
            return null;
        }

        if (!settings.InterceptorsEnabled)
        {
            // The compiler would reject every interceptor (CS9137); INS1031 tells the user at each call.
            return null;
        }

        operations = WithoutConflicts(operations);
        try
        {
            return OperationEmitter.Emit(operations, funnels, Catalog(operations), callSites, settings);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            // Rare path: find the operations that fail on their own, leave them out, emit the rest.
            var failed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in operations.Select(o => o.Key).Concat(funnels.Keys).Distinct(StringComparer.Ordinal).ToList())
            {
                var alone = operations.Where(o => o.Key == key).ToList();
                var funnel = funnels.Where(f => f.Key == key).ToDictionary(f => f.Key, f => f.Value);
                try
                {
                    _ = OperationEmitter.Emit(alone, funnel, Catalog(alone), callSites.Where(s => s.OperationKey == key).ToImmutableArray(), settings);
                }
                catch (Exception single) when (GeneratorGuard.IsCatchable(single))
                {
                    failed.Add(key);
                    var display = alone.FirstOrDefault()?.MethodDisplay ?? key;
                    context.ReportDiagnostic(GeneratorGuard.Diagnostic(single, "'" + display + "'"));
                }
            }

            if (failed.Count == 0)
            {
                context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the generated operations file"));
                return null;
            }

            var rest = operations.Where(o => !failed.Contains(o.Key)).ToList();
            var restFunnels = funnels.Where(f => !failed.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value);
            var restSites = callSites.Where(s => !failed.Contains(s.OperationKey)).ToImmutableArray();
            try
            {
                return rest.Count == 0 && restFunnels.Count == 0 ? null : OperationEmitter.Emit(rest, restFunnels, Catalog(rest), restSites, settings);
            }
            catch (Exception again) when (GeneratorGuard.IsCatchable(again))
            {
                context.ReportDiagnostic(GeneratorGuard.Diagnostic(again, "the generated operations file"));
                return null;
            }
        }
    }

    /// <summary>
    /// The operations minus those whose metric definitions conflict with an earlier one (INS0005, reported by
    /// <see cref="OperationDiagnosticReporter"/> in the same order): their code would use an instrument of another type.
    /// </summary>
    public static List<OperationModel> WithoutConflicts(List<OperationModel> operations)
    {
        var catalog = new InstrumentCatalog();
        var kept = new List<OperationModel>(operations.Count);
        foreach (var operation in operations)
        {
            if (!catalog.Add(operation).Any())
            {
                kept.Add(operation);
            }
        }

        return kept.Count == operations.Count ? operations : kept;
    }

    private static InstrumentCatalog Catalog(IEnumerable<OperationModel> operations)
    {
        var catalog = new InstrumentCatalog();
        foreach (var operation in operations)
        {
            // Conflicts are reported by OperationDiagnosticReporter; the first definition wins here.
            _ = catalog.Add(operation);
        }

        return catalog;
    }
}
