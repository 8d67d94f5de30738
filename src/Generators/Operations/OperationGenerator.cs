using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The operation generator: methods annotated with <c>[Ingest]</c>, <c>[Broadcast]</c>, <c>[Flow]</c>,
/// <c>[FlowNode]</c> or <c>[Operation]</c> get spans and metrics at every call site, through interceptors.
/// Pipeline: attributed methods → <see cref="OperationModel"/>; invocations named like one → <see cref="CallSiteModel"/>
/// (<see cref="CallSiteBinder"/>);
/// both plus <see cref="GeneratorSettings"/> → one emitted file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OperationGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ingestDeclarations = Operations(context, MetadataNames.Ingest, TrackingNames.IngestOperations);
        var broadcastDeclarations = Operations(context, MetadataNames.Broadcast, TrackingNames.BroadcastOperations);
        var flowDeclarations = Operations(context, MetadataNames.Flow, TrackingNames.FlowOperations);
        var flowNodeDeclarations = Operations(context, MetadataNames.FlowNode, TrackingNames.FlowNodeOperations);
        var genericDeclarations = Operations(context, MetadataNames.Operation, TrackingNames.GenericOperations);
        var ingest = Results(ingestDeclarations);
        var broadcast = Results(broadcastDeclarations);
        var flow = Results(flowDeclarations);
        var flowNode = Results(flowNodeDeclarations);
        var generic = Results(genericDeclarations);

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

        var funnelMemo = new DeclarationMemo<Funnel.FunnelParseResult>(GuardedTransforms.FunnelDeclaration);
        var funnelDeclarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MetadataNames.FunnelEvent,
                static (node, _) => true,
                (context, cancellationToken) => (Result: funnelMemo.Get(context, cancellationToken), context.TargetSymbol.Name))
            .WithTrackingName(TrackingNames.FunnelEvents);
        var funnelResults = funnelDeclarations.Select(static (declaration, _) => declaration.Result);

        var funnels = funnelResults
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.FunnelModels)
            .Collect()
            .WithTrackingName(TrackingNames.AllFunnelEvents);

        // Call sites (docs: src/Generators/README.md, "Generator cost in the IDE"): only invocations named like an
        // annotated method are bound, and a tree the edit left alone keeps its result unless a declaration changed.
        var sourceNames = Names(ingestDeclarations)
            .Combine(Names(broadcastDeclarations))
            .Combine(Names(flowDeclarations))
            .Combine(Names(flowNodeDeclarations))
            .Combine(Names(genericDeclarations))
            .Combine(funnelDeclarations.Select(static (declaration, _) => declaration.Name).Collect())
            .Select(static (all, _) => AnnotatedNames.Merge(all.Left.Left.Left.Left.Left
                .Concat(all.Left.Left.Left.Left.Right)
                .Concat(all.Left.Left.Left.Right)
                .Concat(all.Left.Left.Right)
                .Concat(all.Left.Right)
                .Concat(all.Right)));
        var referencedNames = context.CompilationProvider
            .WithComparer(SameReferences.Instance)
            .Select(static (compilation, cancellationToken) => AnnotatedNames.InReferences(compilation, cancellationToken));
        var names = sourceNames
            .Combine(referencedNames)
            .Select(static (all, _) => AnnotatedNames.Merge(all.Left.Concat(all.Right)))
            .WithTrackingName(TrackingNames.CallSiteNames);
        var binder = new CallSiteBinder();
        var bound = context.CompilationProvider
            .Combine(names)
            .Select((all, cancellationToken) => binder.BindAll(all.Left, all.Right, cancellationToken))
            .WithTrackingName(TrackingNames.BoundCallSites);

        // Each call site is handled in isolation: a failure is one INS0999 there, not a broken generator.
        var callSiteOutcomes = bound.SelectMany<BoundCallSites, CallSiteOutcome>(static (all, _) => all.Sources);
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

        // A type of the project named like an SDK namespace hides the SDK from generated code (INS0033): nothing is generated.
        var hidden = context.CompilationProvider.Select(static (compilation, _) => HiddenSdkNamespace.Find(compilation));
        var settings = context.AnalyzerConfigOptionsProvider
            .Combine(context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly"))
            .Combine(context.ParseOptionsProvider.Select(static (options, _) =>
                (Interceptors: InterceptorsFeature.Enabled(options), Language: LanguageRequirement.Meets(options, LanguageRequirement.Operations))))
            .Combine(FrameworkTypeFallbacks.Needed(context))
            .Combine(hidden)
            .Select(static (withHidden, _) =>
            {
                var withFallbacks = withHidden.Left;
                var all = withFallbacks.Left;
                var pair = all.Left;
                var options = pair.Left.GlobalOptions;
                options.TryGetValue("build_property.InstrumentationEnabled", out var enabled);
                options.TryGetValue("build_property.InstrumentationSkipUnsampledRoots", out var skipRoots);
                return new GeneratorSettings(
                    !string.Equals(enabled?.Trim(), "false", System.StringComparison.OrdinalIgnoreCase) && withHidden.Right is null,
                    string.Equals(skipRoots?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase),
                    pair.Right,
                    all.Right.Interceptors,
                    all.Right.Language)
                {
                    FrameworkFallbacks = withFallbacks.Right,
                };
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
        ReferencedOperationPipeline.Register(context, bound.SelectMany<BoundCallSites, ReferencedCallResult>(static (all, _) => all.Referenced), settings);

        var wouldGenerate = operations.Combine(funnels).Combine(bound)
            .Select(static (all, _) => !all.Left.Left.IsEmpty || !all.Left.Right.IsEmpty || all.Right.Referenced.Any(static r => r.Model is not null));
        context.RegisterSourceOutput(hidden.Combine(wouldGenerate), static (spc, all) =>
        {
            if (all.Left is { } by && all.Right)
            {
                HiddenSdkNamespace.Report(spc, by, "the annotated methods and calls of them are not instrumented");
            }
        });

        // Which operations some call in this compilation binds to (INS0027 for one reached only through a referenced
        // declaration): a set of keys, equal after any edit that leaves the called operations as they were.
        var calledKeys = callSites
            .Select(static (sites, _) => new EquatableArray<string>(sites.Select(s => s.OperationKey).Distinct().OrderBy(k => k, System.StringComparer.Ordinal).ToArray()))
            .WithTrackingName(TrackingNames.CalledOperations);
        var diagnostics = parsed.Combine(funnelResults.Collect()).Combine(callSiteFailures).Combine(settings).Combine(calledKeys);
        context.RegisterSourceOutput(diagnostics, static (spc, all) =>
            OperationDiagnosticReporter.Report(spc, all.Left.Left.Left.Left, all.Left.Left.Left.Right, all.Left.Left.Right, all.Left.Right, all.Right));
    }

    private static IncrementalValuesProvider<OperationParseResult> Results(IncrementalValuesProvider<(OperationParseResult Result, string Name)> declarations) =>
        declarations.Select(static (declaration, _) => declaration.Result);

    private static IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<string>> Names(IncrementalValuesProvider<(OperationParseResult Result, string Name)> declarations) =>
        declarations.Select(static (declaration, _) => declaration.Name).Collect();

    private static IncrementalValuesProvider<OperationModel> Models(IncrementalValuesProvider<OperationParseResult> results) =>
        results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!);

    /// <summary>The parse result of each method with <paramref name="attributeName"/>, and the method's simple name (what its calls are called).</summary>
    private static IncrementalValuesProvider<(OperationParseResult Result, string Name)> Operations(
        IncrementalGeneratorInitializationContext context,
        string attributeName,
        string trackingName)
    {
        // Declarations parsed once per node while nothing they can observe changes (issue 18 §3, DeclarationMemo). One
        // memo per attribute: a method with two operation attributes is parsed by two pipelines, and their results
        // differ (only the first attribute's pipeline reports INS0014).
        var memo = new DeclarationMemo<OperationParseResult>(GuardedTransforms.OperationDeclaration);
        return context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                static (node, _) => true,
                (context, cancellationToken) => (Result: memo.Get(context, cancellationToken), context.TargetSymbol.Name))
            .WithTrackingName(trackingName);
    }
}
