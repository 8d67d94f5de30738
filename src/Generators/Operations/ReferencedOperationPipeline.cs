using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The cross-project part of <see cref="OperationGenerator"/>: invocations → <see cref="ReferencedCallResult"/>
/// (<see cref="ReferencedCallFinder"/>, run by <see cref="CallSiteBinder"/>) → location-free <see cref="ReferencedCallModel"/>s for emission, and
/// the results themselves (which carry the call's location) for INS0030/INS0031.
/// </summary>
internal static class ReferencedOperationPipeline
{
    public static void Register(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<ReferencedCallResult> calls,
        IncrementalValueProvider<GeneratorSettings> settings)
    {
        var results = calls
            .Select(static (result, _) => result)
            .WithTrackingName(ReferencedTrackingNames.ReferencedCalls);

        var models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(ReferencedTrackingNames.ReferencedCallModels)
            .Collect()
            .WithTrackingName(ReferencedTrackingNames.AllReferencedCalls);

        context.RegisterSourceOutput(models.Combine(settings), static (spc, all) =>
            ReferencedOperationEmitter.Execute(spc, all.Left, all.Right));

        var diagnostics = results
            .Where(static result => !result.Diagnostics.IsEmpty)
            .Collect()
            .Combine(settings);
        context.RegisterSourceOutput(diagnostics, static (spc, all) =>
        {
            if (!all.Right.Enabled)
            {
                return;
            }

            // INS0015 (LangVersion too old) is carried by every such call: the first in source order is reported.
            foreach (var diagnostic in LanguageRequirement.KeepFirst(all.Left.SelectMany(static result => result.Diagnostics)))
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(
                    diagnostic.Id == RobustnessDiagnostics.LanguageVersionTooOld.Id
                        ? RobustnessDiagnostics.LanguageVersionTooOld
                        : ReferencedOperationDiagnostics.Find(diagnostic.Id)));
            }
        });
    }
}
