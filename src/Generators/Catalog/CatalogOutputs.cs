using System.Collections.Immutable;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Funnel;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Catalog;

/// <summary>
/// Wires the catalog parts into the generators: models → <see cref="CatalogPartModel"/> (tracked, equatable) → one
/// source per part. Building a part never throws: a failure is one INS0999 and the part is left out.
/// </summary>
internal static class CatalogOutputs
{
    public static void Register(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<ImmutableArray<OperationModel>> operations,
        IncrementalValueProvider<ImmutableArray<FunnelMethodModel>> funnels,
        IncrementalValueProvider<GeneratorSettings> settings)
    {
        var operationPart = operations
            .Combine(settings)
            .Select(static (all, _) => Guarded(() => OperationCatalog.Build(all.Left, all.Right), "the span and metric catalog"))
            .WithTrackingName(TrackingNames.OperationCatalog);
        context.RegisterSourceOutput(operationPart.Combine(settings), static (spc, all) => Emit(spc, all.Left, all.Right.FrameworkFallbacks));

        var funnelPart = funnels
            .Combine(settings)
            .Select(static (all, _) => Guarded(() => FunnelCatalog.Build(all.Left, all.Right), "the funnel event catalog"))
            .WithTrackingName(TrackingNames.FunnelCatalog);
        context.RegisterSourceOutput(funnelPart.Combine(settings), static (spc, all) => Emit(spc, all.Left, all.Right.FrameworkFallbacks));
    }

    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<ImmutableArray<LogMethodModel>> models)
    {
        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly");
        var logPart = models
            .Combine(assemblyName)
            .Select(static (all, _) => Guarded(() => LogCatalog.Build(all.Left, all.Right), "the log event catalog"))
            .WithTrackingName(TrackingNames.LogCatalog);
        context.RegisterSourceOutput(logPart.Combine(FrameworkTypeFallbacks.Needed(context)), static (spc, all) => Emit(spc, all.Left, all.Right));
    }

    private static (CatalogPartModel? Part, string? Failure) Guarded(System.Func<CatalogPartModel?> build, string what)
    {
        try
        {
            return (build(), null);
        }
        catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            return (null, what + ": " + exception.GetType().Name);
        }
    }

    private static void Emit(SourceProductionContext context, (CatalogPartModel? Part, string? Failure) result, EquatableArray<string> frameworkFallbacks)
    {
        if (result.Failure is not null)
        {
            context.ReportDiagnostic(GeneratorGuard.Diagnostic(new System.InvalidOperationException(result.Failure), result.Failure));
            return;
        }

        if (result.Part is not { } part)
        {
            return;
        }

        string source;
        try
        {
            source = CatalogPartEmitter.Emit(part, frameworkFallbacks);
        }
        catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the " + part.PartName.ToLowerInvariant() + " telemetry catalog"));
            return;
        }

        context.AddSource(CatalogPartEmitter.HintName(part), source);
    }
}
