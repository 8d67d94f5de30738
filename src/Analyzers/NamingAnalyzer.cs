using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1020 span names (operation attributes and <c>ActivitySource.StartActivity</c>), INS1021 metric names
/// (operation attribute properties and <c>Meter.CreateXxx</c>), INS1022 one metric name created with
/// different instrument types or units anywhere in the compilation (a cheap compilation-end check).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NamingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name → instrument kind of the operation attributes.</summary>
    internal static readonly ImmutableDictionary<string, NamingRules.InstrumentKind> AttributeMetricKinds = new[]
    {
        ("DurationMetric", NamingRules.InstrumentKind.Duration),
        ("CallsMetric", NamingRules.InstrumentKind.Counter),
        ("FailuresMetric", NamingRules.InstrumentKind.Counter),
        ("MessagesMetric", NamingRules.InstrumentKind.Counter),
        ("BatchSizeMetric", NamingRules.InstrumentKind.Gauge),
        ("QueueSizeMetric", NamingRules.InstrumentKind.Gauge),
        ("ActiveMetric", NamingRules.InstrumentKind.Gauge),
    }.ToImmutableDictionary(p => p.Item1, p => p.Item2);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(AnalyzerDiagnostics.SpanNameConvention, AnalyzerDiagnostics.MetricNameConvention, AnalyzerDiagnostics.DuplicateMetricName);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            var created = new ConcurrentDictionary<string, (string Description, Location Location)>();
            var conflicts = new ConcurrentBag<Diagnostic>();
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, created, conflicts), OperationKind.Invocation);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var diagnostic in conflicts)
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (!IsOperationAttribute(attribute.AttributeClass, symbols))
            {
                continue;
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
            if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } span && !NamingRules.IsValidSpanName(span))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.SpanNameConvention,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add("Suggested", NamingRules.SuggestSpanName(span)),
                    span,
                    ", for example '" + NamingRules.SuggestSpanName(span) + "'"));
            }

            foreach (var pair in attribute.NamedArguments)
            {
                if (AttributeMetricKinds.TryGetValue(pair.Key, out var kind) && pair.Value.Value is string { Length: > 0 } metric
                    && NamingRules.MetricProblem(metric, kind) is { } problem)
                {
                    var suggested = NamingRules.SuggestMetricName(metric, kind);
                    context.ReportDiagnostic(Diagnostic.Create(
                        AnalyzerDiagnostics.MetricNameConvention,
                        location,
                        ImmutableDictionary<string, string?>.Empty.Add("Suggested", suggested).Add("Property", pair.Key),
                        metric,
                        problem,
                        NamingRules.MetricProblem(suggested, kind) is null ? ", for example '" + suggested + "'" : string.Empty));
                }
            }
        }
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        KnownSymbols symbols,
        ConcurrentDictionary<string, (string Description, Location Location)> created,
        ConcurrentBag<Diagnostic> conflicts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (symbols.ActivitySource is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ActivitySource)
            && method.Name == "StartActivity" && invocation.Arguments.Length > 0
            && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string span } && !NamingRules.IsValidSpanName(span)
            && invocation.Arguments[0].Parameter?.Name == "name")
        {
            context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.SpanNameConvention, invocation.Arguments[0].Syntax.GetLocation(), span, ", for example '" + NamingRules.SuggestSpanName(span) + "'"));
            return;
        }

        if (symbols.Meter is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Meter) || !method.Name.StartsWith("Create", System.StringComparison.Ordinal)
            || invocation.Arguments.Length == 0 || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        NamingRules.InstrumentKind? kind = method.Name switch
        {
            "CreateCounter" or "CreateObservableCounter" => NamingRules.InstrumentKind.Counter,
            "CreateHistogram" => NamingRules.InstrumentKind.Histogram,
            "CreateUpDownCounter" or "CreateObservableUpDownCounter" or "CreateGauge" or "CreateObservableGauge" => NamingRules.InstrumentKind.Gauge,
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        var location = invocation.Arguments[0].Syntax.GetLocation();
        if (NamingRules.MetricProblem(name, kind.Value) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.MetricNameConvention, location, name, problem, string.Empty));
        }

        var unit = invocation.Arguments.Length > 1 && invocation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: string u } ? u : string.Empty;
        var description = method.Name.Substring("Create".Length) + (method.TypeArguments.Length == 1 ? "<" + method.TypeArguments[0].ToDisplayString() + ">" : string.Empty) + " in '" + unit + "'";
        var first = created.GetOrAdd(name, (description, location));
        if (first.Description != description)
        {
            conflicts.Add(Diagnostic.Create(AnalyzerDiagnostics.DuplicateMetricName, location, name, description, first.Description));
        }
    }

    private static bool IsOperationAttribute(INamedTypeSymbol? type, KnownSymbols symbols)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, symbols.InstrumentedOperation))
            {
                return true;
            }
        }

        return false;
    }
}
