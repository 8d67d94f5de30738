using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1035: a parameter attribute that only an operation reads (<c>[SpanAttribute]</c>, <c>[MetricLabel]</c>,
/// <c>[LogField]</c>, <c>[Batch]</c>, <c>[QueueSize]</c>, <c>[LatencyStart]</c>, <c>[OrgId]</c>, <c>[ProjectId]</c>,
/// <c>[DeviceUuid]</c>) on a method that has no operation attribute, neither itself nor on the declaration it overrides
/// or implements. Nothing reads it there: a newcomer's <c>Save([SpanAttribute] string sku)</c> without
/// <c>[Operation]</c> built without a word and recorded nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParameterRoleAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] Roles =
    {
        "SpanAttributeAttribute", "MetricLabelAttribute", "LogFieldAttribute", "BatchAttribute", "QueueSizeAttribute",
        "LatencyStartAttribute", "OrgIdAttribute", "ProjectIdAttribute", "DeviceUuidAttribute",
    };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AnalyzerDiagnostics.ParameterRoleWithoutOperation, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(ParameterRoleAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.InstrumentedOperation is null)
            {
                return;
            }

            var roles = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in Roles)
            {
                if (start.Compilation.GetTypeByMetadataName("Instrumentation." + name) is { } role)
                {
                    roles.Add(role);
                }
            }

            var known = roles.ToImmutable();
            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext.Symbol, symbolContext.ReportDiagnostic, symbols, known, symbolContext.CancellationToken), SymbolKind.Method);

            // Local functions and lambdas are no symbols a symbol action sees, and never operations (an analyzer trial:
            // '[SpanAttribute]' on a local function's parameter went unreported).
            start.RegisterOperationAction(
                operationContext =>
                {
                    var method = operationContext.Operation switch
                    {
                        Microsoft.CodeAnalysis.Operations.ILocalFunctionOperation local => local.Symbol,
                        Microsoft.CodeAnalysis.Operations.IAnonymousFunctionOperation lambda => lambda.Symbol,
                        _ => null,
                    };
                    if (method is not null)
                    {
                        Analyze(method, operationContext.ReportDiagnostic, symbols, known, operationContext.CancellationToken);
                    }
                },
                OperationKind.LocalFunction,
                OperationKind.AnonymousFunction);
        });
    }

    private static void Analyze(ISymbol symbol, System.Action<Diagnostic> report, KnownSymbols symbols, ImmutableArray<INamedTypeSymbol> roles, System.Threading.CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)symbol;
        // An operation attribute on the method itself, also where the generator refuses it (an extension block's member gets
        // INS0007 there), or on the declaration it overrides or implements: the attributes are read, or the method is reported.
        // The implementing half of a partial method has the definition's (merged) parameter attributes: analyzed there.
        if (method.Parameters.Length == 0 || method.IsImplicitlyDeclared || method.PartialDefinitionPart is not null || symbols.HasOperationAttribute(method) || symbols.IsInstrumented(method))
        {
            return;
        }

        foreach (var parameter in method.Parameters)
        {
            foreach (var data in parameter.GetAttributes())
            {
                if (data.AttributeClass is not { } type || !roles.Contains(type, SymbolEqualityComparer.Default))
                {
                    continue;
                }

                var location = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? parameter.Locations[0];
                var shortName = type.Name.Substring(0, type.Name.Length - "Attribute".Length);
                report(Diagnostic.Create(
                    AnalyzerDiagnostics.ParameterRoleWithoutOperation,
                    location,
                    shortName,
                    parameter.Name,
                    Display(method)));
            }
        }
    }

    /// <summary>'Type.Method', 'Type.Method.Local' for a local function, 'the lambda in Type.Method' for a lambda.</summary>
    private static string Display(IMethodSymbol method)
    {
        var name = method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
        return method.MethodKind switch
        {
            MethodKind.LocalFunction when method.ContainingSymbol is IMethodSymbol outer => Display(outer) + "." + method.Name,
            MethodKind.AnonymousFunction => "the lambda in " + (method.ContainingSymbol is IMethodSymbol outer ? Display(outer) : name),
            _ => name,
        };
    }
}
