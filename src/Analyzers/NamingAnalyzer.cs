using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1020 span names (operation attributes, <c>ActivitySource.StartActivity</c>/<c>CreateActivity</c>), INS1021
/// metric names (operation attribute properties, <c>Meter.CreateXxx</c>), INS1022 one metric name declared with
/// different instrument types, units or label sets — between hand-written instruments, and between a hand-written
/// instrument and an operation attribute's (declared or default) instruments. Attribute-vs-attribute conflicts and
/// names the generator rejects are the generator's (INS0005, INS0001, INS0002) and are not repeated here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NamingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property: the conventional name a rename fix writes (only present when it follows the convention).</summary>
    public const string SuggestedProperty = "Suggested";

    /// <summary>Property: the attribute property whose value is renamed (absent for the span name and for hand-written names).</summary>
    public const string PropertyProperty = "Property";

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
        ImmutableArray.Create(AnalyzerDiagnostics.SpanNameConvention, AnalyzerDiagnostics.MetricNameConvention, AnalyzerDiagnostics.DuplicateMetricName, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(NamingAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            var state = new MetricDeclarations();
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols, state), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, state), OperationKind.Invocation);
            start.RegisterCompilationEndAction(end => state.ReportConflicts(end));
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols symbols, MetricDeclarations state)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            // The implementing half of a partial method: the same (merged) attributes as the definition, analyzed there.
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!IsOperationAttribute(attribute.AttributeClass, symbols))
            {
                continue;
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
            if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string span
                && GeneratorNameRules.IsAcceptedSpanName(span) && !NamingRules.IsValidSpanName(span))
            {
                context.ReportDiagnostic(SpanDiagnostic(location, span, propertyName: null));
            }

            foreach (var pair in attribute.NamedArguments)
            {
                if (AttributeMetricKinds.TryGetValue(pair.Key, out var kind) && pair.Value.Value is string { Length: > 0 } metric
                    && GeneratorNameRules.IsAcceptedMetricName(metric)
                    && NamingRules.MetricProblem(metric, kind) is { } problem)
                {
                    context.ReportDiagnostic(MetricDiagnostic(location, metric, problem, NamingRules.ValidMetricSuggestion(metric, kind), pair.Key));
                }
            }

            foreach (var declaration in AttributeInstruments.Plan(method, attribute, symbols, location))
            {
                state.Declarations.Add(declaration);
            }
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols, MetricDeclarations state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (OperationHelpers.Is(method.ContainingType, symbols.ActivitySource) && method.Name is "StartActivity" or "CreateActivity")
        {
            if (invocation.Argument("name") is { } nameArgument
                && nameArgument.Value.ConstantValue is { HasValue: true, Value: string span } && !NamingRules.IsValidSpanName(span))
            {
                context.ReportDiagnostic(SpanDiagnostic(nameArgument.Value.Syntax.GetLocation(), span, propertyName: null));
            }

            return;
        }

        if (MetricTags.IsRecording(method, symbols))
        {
            state.AddRecording(invocation, symbols, context.CancellationToken);
            return;
        }

        if (!OperationHelpers.Is(method.ContainingType, symbols.Meter) || !method.Name.StartsWith("Create", System.StringComparison.Ordinal)
            || invocation.Argument("name") is not { } name || name.Value.ConstantValue is not { HasValue: true, Value: string metric })
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

        var unit = invocation.Argument("unit")?.Value.ConstantValue is { HasValue: true, Value: string u } ? u : string.Empty;
        var location = name.Value.Syntax.GetLocation();
        if (!NamingRules.IsOpenTelemetryName(metric) && NamingRules.MetricProblem(metric, kind.Value) is { } problem)
        {
            var suggested = name.Value.Syntax.IsKind(SyntaxKind.StringLiteralExpression) ? NamingRules.ValidMetricSuggestion(metric, kind.Value, unit) : null;
            context.ReportDiagnostic(MetricDiagnostic(location, metric, problem, suggested, propertyName: null));
        }

        var instrument = method.Name.Substring("Create".Length) + (method.TypeArguments.Length == 1 ? "<" + method.TypeArguments[0].ToDisplayString() + ">" : string.Empty);
        var declaration = new MetricDeclaration(metric, instrument, unit, labels: null, location, "Meter." + method.Name, fromAttribute: false);
        state.Declarations.Add(declaration);
        if (!method.Name.StartsWith("CreateObservable", System.StringComparison.Ordinal) && MetricDeclarations.StoredIn(invocation) is { } holder)
        {
            state.Holders.TryAdd(declaration, holder);
        }
    }

    private static Diagnostic SpanDiagnostic(Location location, string span, string? propertyName)
    {
        var suggested = NamingRules.ValidSpanSuggestion(span);
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (suggested is not null)
        {
            properties = properties.Add(SuggestedProperty, suggested);
        }

        if (propertyName is not null)
        {
            properties = properties.Add(PropertyProperty, propertyName);
        }

        return Diagnostic.Create(AnalyzerDiagnostics.SpanNameConvention, location, properties, span, suggested is null ? string.Empty : ", for example '" + suggested + "'");
    }

    private static Diagnostic MetricDiagnostic(Location location, string metric, string problem, string? suggested, string? propertyName)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (suggested is not null)
        {
            properties = properties.Add(SuggestedProperty, suggested);
        }

        if (propertyName is not null)
        {
            properties = properties.Add(PropertyProperty, propertyName);
        }

        return Diagnostic.Create(AnalyzerDiagnostics.MetricNameConvention, location, properties, metric, problem, suggested is null ? string.Empty : ", for example '" + suggested + "'");
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
