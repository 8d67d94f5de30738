using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Implements <c>[LogMethod]</c> partial methods LoggerMessage-style, with data-classification redaction
/// (parameters and members of complex types and records) and compile-time template checks.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LogMethodGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Declarations parsed once per node while nothing they can observe changes (issue 18 §3, DeclarationMemo).
        var memo = new Operations.DeclarationMemo<LogMethodParseResult>(Parse);
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MetadataNames.LogMethod,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                (ctx, ct) => memo.Get(ctx, ct))
            .WithTrackingName(TrackingNames.LogMethods);

        // Emission sees the location-free models only; diagnostics (with real source locations) are
        // reported from the parse results by a second output.
        var models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.LogMethodModels)
            .Collect()
            .WithTrackingName(TrackingNames.AllLogMethods);

        // Log methods that could not be generated get a do-nothing body, so only our error is shown (not CS8795).
        var stubs = parsed
            .Where(static result => result.Stub is not null)
            .Select(static (result, _) => result.Stub!)
            .Collect();

        // A type of the project named like an SDK namespace hides the SDK from generated code (INS0033): nothing is generated.
        var hidden = context.CompilationProvider.Select(static (compilation, _) => HiddenSdkNamespace.Find(compilation));
        context.RegisterSourceOutput(models.Combine(hidden), static (spc, all) =>
        {
            if (all.Right is { } by)
            {
                if (!all.Left.IsEmpty)
                {
                    HiddenSdkNamespace.Report(spc, by, "the log methods have no bodies (CS8795)");
                }

                return;
            }

            Emit(spc, all.Left);
        });
        context.RegisterSourceOutput(stubs.Combine(hidden), static (spc, all) =>
        {
            if (all.Right is null)
            {
                EmitStubs(spc, all.Left);
            }
        });
        context.RegisterSourceOutput(parsed.Collect(), static (spc, all) => ReportDiagnostics(spc, all));

        // The log events part of the telemetry catalog (docs/telemetry-catalog.md).
        Catalog.CatalogOutputs.Register(context, models.Combine(hidden).Select(static (all, _) => all.Right is null ? all.Left : ImmutableArray<LogMethodModel>.Empty));
    }

    /// <summary>Parses one log method; an exception becomes one INS0999 at that method, the others are generated.</summary>
    private static LogMethodParseResult Parse(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
        {
            return new LogMethodParseResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            FaultInjection.Check(FaultInjection.Stage.Parse, method.Name);
            return LogMethodParser.Parse(method, context.Attributes[0], context.TargetNode, context.SemanticModel.Compilation, cancellationToken);
        }
        catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            var failure = GeneratorGuard.Failure(exception, method.Locations.FirstOrDefault(), GeneratorGuard.Describe(method));
            return new LogMethodParseResult(null, null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    private static IEnumerable<IGrouping<string, LogMethodModel>> ByType(IEnumerable<LogMethodModel> models) =>
        models.GroupBy(m => m.TypeKey).OrderBy(g => g.Key, System.StringComparer.Ordinal);

    private static string FileFragment(string typeKey) => CSharpLiteral.IdentifierFragment(typeKey.Replace("global::", string.Empty));

    private static void Emit(SourceProductionContext context, ImmutableArray<LogMethodModel> models)
    {
        var hints = new UniqueHintNames();
        foreach (var type in ByType(models))
        {
            var methods = type.OrderBy(m => m.Display, System.StringComparer.Ordinal).ToList();
            string source;
            try
            {
                source = LogMethodEmitter.Emit(methods);
            }
            catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
            {
                context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the log methods of '" + type.Key.Replace("global::", string.Empty) + "'"));
                continue;
            }

            context.AddSource(hints.For("Logging." + FileFragment(type.Key)), source);
        }
    }

    private static void EmitStubs(SourceProductionContext context, ImmutableArray<LogStubModel> stubs)
    {
        var hints = new UniqueHintNames();
        foreach (var type in stubs.GroupBy(s => s.TypeKey).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            foreach (var stub in type.OrderBy(s => s.Signature, System.StringComparer.Ordinal))
            {
                string source;
                try
                {
                    source = LogStubEmitter.Emit(stub);
                }
                catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
                {
                    context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the log method '" + stub.MethodName + "'"));
                    continue;
                }

                context.AddSource(hints.For("Logging." + FileFragment(type.Key) + "." + stub.MethodName + ".NotGenerated"), source);
            }
        }
    }

    private static void ReportDiagnostics(SourceProductionContext context, ImmutableArray<LogMethodParseResult> results)
    {
        try
        {
            ReportAll(context, results);
        }
        catch (System.Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            context.ReportDiagnostic(GeneratorGuard.Diagnostic(exception, "the log-method diagnostics"));
        }
    }

    private static void ReportAll(SourceProductionContext context, ImmutableArray<LogMethodParseResult> results)
    {
        // INS0015 (LangVersion too old) is carried by every log method: the first in source order is reported.
        foreach (var diagnostic in LanguageRequirement.KeepFirst(results.SelectMany(static result => result.Diagnostics)))
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(LogMethodDiagnostics.Find(diagnostic.Id)));
        }

        var parsed = results.Where(r => r.Model is not null);
        foreach (var type in parsed.GroupBy(r => r.Model!.TypeKey).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            // Explicit ids must be unique; a derived id (from the method name) is compared with explicit ids only,
            // so overloads without EventId share their name's id, as they share its event name.
            var seen = new List<LogMethodModel>();
            // Declaration order, so the later declaration is the one reported.
            var declared = type
                .OrderBy(r => r.MethodLocation?.SourceTree?.FilePath ?? string.Empty, System.StringComparer.Ordinal)
                .ThenBy(r => r.MethodLocation?.SourceSpan.Start ?? 0);
            foreach (var result in declared)
            {
                var model = result.Model!;
                var first = seen.FirstOrDefault(m => m.EventId == model.EventId && (m.EventIdIsExplicit || model.EventIdIsExplicit));
                if (first is not null)
                {
                    context.ReportDiagnostic(DiagnosticInfo.Create(
                        LogMethodDiagnostics.DuplicateEventId,
                        result.MethodLocation,
                        model.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        model.Display,
                        first.Display).ToDiagnostic(LogMethodDiagnostics.DuplicateEventId));
                }

                seen.Add(model);
            }
        }
    }
}
