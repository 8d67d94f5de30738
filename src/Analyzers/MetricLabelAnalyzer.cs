using System.Collections.Immutable;
using Instrumentation.Analyzers.Guard;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1001: a <c>[MetricLabel]</c> parameter whose label name denotes an identifier (<c>device</c>, <c>user_id</c>,
/// <c>email</c>, <c>url</c>... judged by the final word, so <c>device_kind</c> is fine) or whose type is not a
/// bounded set (enums, booleans, strings with <c>[BoundedValues]</c> are fine; the generator records nothing else).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetricLabelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AnalyzerDiagnostics.HighCardinalityLabel, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(MetricLabelAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.MetricLabel is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext =>
            {
                // A partial method's two halves are two symbols with the same (merged) parameter attributes: the
                // definition alone is analyzed, or each label is reported twice at the same place (found by a probe).
                if (symbolContext.Symbol is IMethodSymbol { PartialDefinitionPart: not null })
                {
                    return;
                }

                foreach (var parameter in ((IMethodSymbol)symbolContext.Symbol).Parameters)
                {
                    AnalyzeParameter(symbolContext, symbols, parameter);
                }
            }, SymbolKind.Method);
        });
    }

    private static void AnalyzeParameter(SymbolAnalysisContext context, KnownSymbols symbols, IParameterSymbol parameter)
    {
        var label = symbols.Get(parameter, symbols.MetricLabel);
        if (label is null)
        {
            return;
        }

        var name = label.ConstructorArguments.Length > 0 && label.ConstructorArguments[0].Value is string { Length: > 0 } given
            ? given
            : GeneratorNameRules.ToSnakeCase(parameter.Name);

        // An identifier key is wrong whatever the type; otherwise a bounded type (enum, bool, [BoundedValues] string) wins.
        var problem = CardinalityRules.KeyProblem(name)
            ?? CardinalityRules.LabelTypeProblem(parameter.Type, symbols.Has(parameter, symbols.BoundedValues));

        if (problem is not null)
        {
            var location = label.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? parameter.Locations[0];
            context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.HighCardinalityLabel, location, name, problem));
        }
    }
}
