using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1010: personal or secret data (by name: e-mail, password, token, secret, API key, SSN, card,
/// phone, IP address, date of birth) that reaches a log, span attribute, metric label or log field
/// without <c>[PersonalData]</c>/<c>[SecretData]</c>: parameters of <c>[LogMethod]</c> methods, parameters
/// marked <c>[SpanAttribute]</c>/<c>[LogField]</c>/<c>[MetricLabel]</c>, arguments of hand-written
/// <c>ILogger.LogXxx</c> calls and <c>Activity.SetTag</c>/<c>AddTag</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalDataAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AnalyzerDiagnostics.UnclassifiedPersonalData);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            // The implementation part of a partial method: its definition part is analyzed instead.
            return;
        }

        var isLogMethod = symbols.Has(method, symbols.LogMethod);
        foreach (var parameter in method.Parameters)
        {
            string? sink = null;
            if (isLogMethod && parameter.Type.Name is not ("ILogger" or "Exception"))
            {
                sink = "a log";
            }
            else if (symbols.Has(parameter, symbols.SpanAttribute))
            {
                sink = "a span attribute";
            }
            else if (symbols.Has(parameter, symbols.LogField))
            {
                sink = "a log field";
            }
            else if (symbols.Has(parameter, symbols.MetricLabel))
            {
                sink = "a metric label";
            }

            if (sink is null || symbols.IsClassified(parameter) || parameter.Locations.Length == 0)
            {
                continue;
            }

            if (PersonalDataRules.Match(parameter.Name) is { } match)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.UnclassifiedPersonalData,
                    parameter.Locations[0],
                    ImmutableDictionary<string, string?>.Empty.Add("Attribute", match.Attribute),
                    parameter.Name,
                    match.Kind,
                    sink,
                    match.Attribute));
            }
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string sink;
        if (symbols.LoggerExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.LoggerExtensions) && method.Name.StartsWith("Log", System.StringComparison.Ordinal))
        {
            sink = "a log";
        }
        else if (symbols.Activity is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Activity) && method.Name is "SetTag" or "AddTag")
        {
            sink = "a span attribute";
        }
        else
        {
            return;
        }

        if (sink == "a span attribute" && invocation.Arguments.Length == 2
            && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }
            && PersonalDataRules.Match(key) is { } keyMatch
            && !(NameOf(Values(invocation.Arguments[1].Value).First()).Symbol is { } tagged && symbols.IsClassified(tagged)))
        {
            context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.UnclassifiedPersonalData, invocation.Arguments[0].Syntax.GetLocation(), key, keyMatch.Kind, sink, keyMatch.Attribute));
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            foreach (var value in Values(argument.Value))
            {
                var (name, symbol) = NameOf(value);
                if (name is null || (symbol is not null && symbols.IsClassified(symbol)))
                {
                    continue;
                }

                if (PersonalDataRules.Match(name) is { } match)
                {
                    context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.UnclassifiedPersonalData, value.Syntax.GetLocation(), name, match.Kind, sink, match.Attribute));
                }
            }
        }
    }

    private static System.Collections.Generic.IEnumerable<IOperation> Values(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                var inner = element;
                while (inner is IConversionOperation conversion)
                {
                    inner = conversion.Operand;
                }

                yield return inner;
            }
        }
        else
        {
            yield return value;
        }
    }

    private static (string? Name, ISymbol? Symbol) NameOf(IOperation value) => value switch
    {
        IParameterReferenceOperation parameter => (parameter.Parameter.Name, parameter.Parameter),
        ILocalReferenceOperation local => (local.Local.Name, local.Local),
        IPropertyReferenceOperation property => (property.Property.Name, property.Property),
        IFieldReferenceOperation field => (field.Field.Name, field.Field),
        _ => (null, null),
    };
}
