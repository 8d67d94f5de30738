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
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MetadataNames.LogMethod,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is IMethodSymbol method
                    ? LogMethodParser.Parse(method, ctx.Attributes[0], ctx.TargetNode, ct)
                    : new LogMethodParseResult(null, EquatableArray<DiagnosticInfo>.Empty))
            .WithTrackingName(TrackingNames.LogMethods)
            .Collect()
            .WithTrackingName(TrackingNames.AllLogMethods);

        context.RegisterSourceOutput(methods, static (spc, results) => Execute(spc, results));
    }

    private static void Execute(SourceProductionContext context, ImmutableArray<LogMethodParseResult> results)
    {
        foreach (var result in results)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic(LogMethodDiagnostics.Find(diagnostic.Id)));
            }
        }

        var models = results.Where(r => r.Model is not null).Select(r => r.Model!).ToList();
        foreach (var type in models.GroupBy(m => m.TypeKey).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            var seen = new Dictionary<int, LogMethodModel>();
            var index = 0;
            foreach (var model in type.OrderBy(m => m.Location.Span.Start))
            {
                if (seen.TryGetValue(model.EventId, out var first))
                {
                    context.ReportDiagnostic(new DiagnosticInfo(
                        LogMethodDiagnostics.DuplicateEventId.Id,
                        new EquatableArray<string>(new[] { model.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Display, first.Display }),
                        model.Location).ToDiagnostic(LogMethodDiagnostics.DuplicateEventId));
                }
                else
                {
                    seen[model.EventId] = model;
                }

                var hint = "Logging." + CSharpLiteral.IdentifierFragment(type.Key.Replace("global::", string.Empty)) + "." + model.MethodName + "." + index + ".g.cs";
                context.AddSource(hint, LogMethodEmitter.Emit(model, index));
                index++;
            }
        }
    }
}
