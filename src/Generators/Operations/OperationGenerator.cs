using System.Collections.Immutable;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The operation generator: methods annotated with <c>[Ingest]</c>, <c>[Broadcast]</c>, <c>[Flow]</c>,
/// <c>[FlowNode]</c> or <c>[Operation]</c> get spans and metrics at every call site, through interceptors.
/// Pipeline: attributed methods → <see cref="OperationModel"/>; invocations → <see cref="CallSiteModel"/>;
/// both plus <see cref="GeneratorSettings"/> → one emitted file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OperationGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ingest = Operations(context, MetadataNames.Ingest, TrackingNames.IngestOperations);
        var broadcast = Operations(context, MetadataNames.Broadcast, TrackingNames.BroadcastOperations);
        var flow = Operations(context, MetadataNames.Flow, TrackingNames.FlowOperations);
        var flowNode = Operations(context, MetadataNames.FlowNode, TrackingNames.FlowNodeOperations);
        var generic = Operations(context, MetadataNames.Operation, TrackingNames.GenericOperations);

        // Parse results carry diagnostics with real source locations; emission only ever sees the
        // location-free models selected from them, so moving code regenerates nothing.
        var parsed = ingest.Collect()
            .Combine(broadcast.Collect())
            .Combine(flow.Collect())
            .Combine(flowNode.Collect())
            .Combine(generic.Collect())
            .Select(static (all, _) => all.Left.Left.Left.Left
                .AddRange(all.Left.Left.Left.Right)
                .AddRange(all.Left.Left.Right)
                .AddRange(all.Left.Right)
                .AddRange(all.Right));

        var operations = Models(ingest).Collect()
            .Combine(Models(broadcast).Collect())
            .Combine(Models(flow).Collect())
            .Combine(Models(flowNode).Collect())
            .Combine(Models(generic).Collect())
            .Select(static (all, _) => all.Left.Left.Left.Left
                .AddRange(all.Left.Left.Left.Right)
                .AddRange(all.Left.Left.Right)
                .AddRange(all.Left.Right)
                .AddRange(all.Right))
            .WithTrackingName(TrackingNames.AllOperations);

        var funnelResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MetadataNames.FunnelEvent,
                static (node, _) => true,
                GuardedTransforms.FunnelDeclaration)
            .WithTrackingName(TrackingNames.FunnelEvents);

        var funnels = funnelResults
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.FunnelModels)
            .Collect()
            .WithTrackingName(TrackingNames.AllFunnelEvents);

        // Each call site is handled in isolation: a failure is one INS0999 there, not a broken generator.
        var callSiteOutcomes = context.SyntaxProvider
            .CreateSyntaxProvider(GuardedTransforms.IsCandidate, GuardedTransforms.CallSite);
        var callSiteFailures = callSiteOutcomes
            .Where(static outcome => outcome?.Failure is not null)
            .Select(static (outcome, _) => outcome!.Failure!)
            .Collect();
        var callSites = callSiteOutcomes
            .Where(static outcome => outcome?.Site is not null)
            .Select(static (outcome, _) => outcome!.Site!)
            .WithTrackingName(TrackingNames.CallSites)
            .Collect()
            .WithTrackingName(TrackingNames.AllCallSites);

        var settings = context.AnalyzerConfigOptionsProvider
            .Combine(context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly"))
            .Combine(context.ParseOptionsProvider.Select(static (options, _) =>
                (Interceptors: InterceptorsFeature.Enabled(options), Language: LanguageRequirement.Meets(options, LanguageRequirement.Operations))))
            .Select(static (all, _) =>
            {
                var pair = all.Left;
                var options = pair.Left.GlobalOptions;
                options.TryGetValue("build_property.InstrumentationEnabled", out var enabled);
                options.TryGetValue("build_property.InstrumentationSkipUnsampledRoots", out var skipRoots);
                return new GeneratorSettings(
                    !string.Equals(enabled?.Trim(), "false", System.StringComparison.OrdinalIgnoreCase),
                    string.Equals(skipRoots?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase),
                    pair.Right,
                    all.Right.Interceptors,
                    all.Right.Language);
            })
            .WithTrackingName(TrackingNames.Settings);

        // The telemetry catalog (docs/telemetry-catalog.md): its own outputs, fed by the models only, so that a
        // call-site edit does not touch them and an edit that leaves the catalog text unchanged emits nothing.
        // Registered first: the operations file stays the last generated tree, as before.
        Catalog.CatalogOutputs.Register(context, operations, funnels, settings);

        var everything = operations.Combine(funnels).Combine(callSites).Combine(settings);
        context.RegisterSourceOutput(everything, static (spc, all) =>
            OperationEmitter.Execute(spc, all.Left.Left.Left, all.Left.Left.Right, all.Left.Right, all.Right));

        // Calls of annotated methods declared in referenced assemblies (docs/cross-project.md).
        ReferencedOperationPipeline.Register(context, settings);

        var diagnostics = parsed.Combine(funnelResults.Collect()).Combine(callSiteFailures).Combine(settings);
        context.RegisterSourceOutput(diagnostics, static (spc, all) =>
            OperationDiagnosticReporter.Report(spc, all.Left.Left.Left, all.Left.Left.Right, all.Left.Right, all.Right));
    }

    private static IncrementalValuesProvider<OperationModel> Models(IncrementalValuesProvider<OperationParseResult> results) =>
        results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!);

    private static IncrementalValuesProvider<OperationParseResult> Operations(
        IncrementalGeneratorInitializationContext context,
        string attributeName,
        string trackingName)
    {
        return context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                static (node, _) => true,
                GuardedTransforms.OperationDeclaration)
            .WithTrackingName(trackingName);
    }
}
