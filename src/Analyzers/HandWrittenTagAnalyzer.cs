using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1002: high-cardinality tags on hand-written <c>System.Diagnostics.Metrics</c> measurements —
/// <c>Counter&lt;T&gt;.Add</c>, <c>Histogram&lt;T&gt;.Record</c>, <c>UpDownCounter&lt;T&gt;.Add</c>,
/// <c>Gauge&lt;T&gt;.Record</c> with <c>KeyValuePair</c> arguments (single, params, arrays), <c>TagList</c>
/// (initializer and <c>Add</c>) and <c>Measurement&lt;T&gt;</c> tags. Judged by key and by value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandWrittenTagAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AnalyzerDiagnostics.HighCardinalityTag);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.KeyValuePair is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var container = method.ContainingType?.OriginalDefinition;
        var isRecording = (method.Name == "Add" && (Is(container, symbols.Counter) || Is(container, symbols.UpDownCounter)))
            || (method.Name == "Record" && (Is(container, symbols.Histogram) || Is(container, symbols.Gauge)));
        var isTagListAdd = method.Name == "Add" && Is(container, symbols.TagList);
        if (!isRecording && !isTagListAdd)
        {
            return;
        }

        if (isTagListAdd && invocation.Arguments.Length == 2)
        {
            CheckTag(context, invocation.Arguments[0].Value, invocation.Arguments[1].Value, invocation.Syntax.GetLocation());
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            CheckTagContainer(context, symbols, argument.Value);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Is(creation.Type?.OriginalDefinition, symbols.Measurement))
        {
            foreach (var argument in creation.Arguments)
            {
                CheckTagContainer(context, symbols, argument.Value);
            }
        }
    }

    private static void CheckTagContainer(OperationAnalysisContext context, KnownSymbols symbols, IOperation value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IObjectCreationOperation creation when Is(creation.Type?.OriginalDefinition, symbols.KeyValuePair) && creation.Arguments.Length == 2:
                CheckTag(context, creation.Arguments[0].Value, creation.Arguments[1].Value, creation.Syntax.GetLocation());
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    CheckTagContainer(context, symbols, element);
                }

                break;
            case ICollectionExpressionOperation collection:
                foreach (var element in collection.Elements)
                {
                    CheckTagContainer(context, symbols, element);
                }

                break;
        }
    }

    private static void CheckTag(OperationAnalysisContext context, IOperation keyOperation, IOperation valueOperation, Location location)
    {
        var key = Unwrap(keyOperation).ConstantValue is { HasValue: true, Value: string constantKey } ? constantKey : null;
        if (key is null)
        {
            return;
        }

        var problem = CardinalityRules.KeyProblem(key) ?? ValueProblem(Unwrap(valueOperation));
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.HighCardinalityTag, location, key, problem));
        }
    }

    /// <summary>Constants, enums, booleans and enum/bool <c>ToString()</c> are bounded; other values are judged by type.</summary>
    private static string? ValueProblem(IOperation value)
    {
        if (value.ConstantValue.HasValue)
        {
            return null;
        }

        if (value is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } && CardinalityRules.TypeProblem(instance.Type) is null)
        {
            return null;
        }

        if (value is INameOfOperation)
        {
            return null;
        }

        var problem = CardinalityRules.TypeProblem(value.Type);
        return problem == "a free string" ? "its value is a non-constant string" : problem;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        while (operation is IConversionOperation conversion2 && conversion2.Type?.SpecialType == SpecialType.System_Object)
        {
            operation = conversion2.Operand;
        }

        return operation;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
