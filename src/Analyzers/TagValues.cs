using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// Judges a hand-written tag value: bounded when it is a constant, an enum or bool (also boxed or through
/// <c>ToString()</c>), a <c>nameof</c>, a value with <c>[BoundedValues]</c>, an element of a readonly table of
/// literals, a conditional / switch expression / <c>??</c> whose every outcome is bounded, an interpolation of
/// bounded parts, or a local whose every write is a bounded value. Otherwise its type decides.
/// </summary>
internal static class TagValues
{
    private const int MaxDepth = 4;

    /// <summary>Why the value is unbounded, or null when it is bounded.</summary>
    public static string? Problem(IOperation value, KeyClass keyClass, KnownSymbols symbols, CancellationToken cancellationToken, int depth = 0)
    {
        var operation = OperationHelpers.UnwrapBoxing(value);
        if (operation.ConstantValue.HasValue || IsBoundedType(operation.Type))
        {
            return null;
        }

        switch (operation)
        {
            case INameOfOperation:
            case IThrowOperation:
                return null;
            case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance }:
                return Problem(instance, keyClass, symbols, cancellationToken, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Problem(hole.Expression, keyClass, symbols, cancellationToken, depth + 1) is { } holeProblem)
                    {
                        return holeProblem;
                    }
                }

                return null;
            case IConditionalOperation conditional:
                return Problem(conditional.WhenTrue, keyClass, symbols, cancellationToken, depth + 1)
                    ?? (conditional.WhenFalse is null ? null : Problem(conditional.WhenFalse, keyClass, symbols, cancellationToken, depth + 1));
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (Problem(arm.Value, keyClass, symbols, cancellationToken, depth + 1) is { } armProblem)
                    {
                        return armProblem;
                    }
                }

                return null;
            case ICoalesceOperation coalesce:
                return Problem(coalesce.Value, keyClass, symbols, cancellationToken, depth + 1)
                    ?? Problem(coalesce.WhenNull, keyClass, symbols, cancellationToken, depth + 1);
            case IParameterReferenceOperation parameter when symbols.Has(parameter.Parameter, symbols.BoundedValues):
            case IFieldReferenceOperation field when symbols.Has(field.Field, symbols.BoundedValues):
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when symbols.Has(property.Property, symbols.BoundedValues):
                return null;
            case IArrayElementReferenceOperation element when IsLiteralTable(element.ArrayReference, cancellationToken):
                return null;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } table } when IsLiteralTable(table, cancellationToken):
                return null;
            case ILocalReferenceOperation local when depth < MaxDepth:
                // Every value the local is written: bounded when each is (var outcome = "ok"; … outcome = "error";).
                if (LocalValues.Writes(local.Local, local.SemanticModel, cancellationToken) is { } writes)
                {
                    foreach (var written in writes)
                    {
                        if (Problem(written, keyClass, symbols, cancellationToken, depth + 1) is { } writeProblem)
                        {
                            return writeProblem;
                        }
                    }

                    return null;
                }

                if (LocalValues.ForEachCollection(local.Local, local.SemanticModel, cancellationToken) is { } collection && IsLiteralTable(collection, cancellationToken))
                {
                    return null;
                }

                break;
        }

        return CardinalityRules.ValueTypeProblem(operation.Type, keyClass);
    }

    private static bool IsBoundedType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is not null && (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean);
    }

    /// <summary>A readonly (or const) field initialized with literals only: <c>static readonly string[] Regions = { "eu", "us" };</c>.</summary>
    private static bool IsLiteralTable(IOperation operation, CancellationToken cancellationToken)
    {
        if (OperationHelpers.Unwrap(operation) is not IFieldReferenceOperation { Field: { IsReadOnly: true } field }
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
        {
            return false;
        }

        switch (initializer)
        {
            case ArrayCreationExpressionSyntax { Initializer: { } elements }:
                return AllLiterals(elements);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return AllLiterals(implicitArray.Initializer);
            case InitializerExpressionSyntax elements:
                return AllLiterals(elements);
            case CollectionExpressionSyntax collection:
                foreach (var element in collection.Elements)
                {
                    if (element is not ExpressionElementSyntax { Expression: var expression } || !IsLiteral(expression))
                    {
                        return false;
                    }
                }

                return collection.Elements.Count > 0;
            default:
                return false;
        }
    }

    private static bool AllLiterals(InitializerExpressionSyntax initializer)
    {
        foreach (var expression in initializer.Expressions)
        {
            if (!IsLiteral(expression))
            {
                return false;
            }
        }

        return initializer.Expressions.Count > 0;
    }

    private static bool IsLiteral(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax
        || (expression is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax } unary && unary.IsKind(SyntaxKind.UnaryMinusExpression));
}
