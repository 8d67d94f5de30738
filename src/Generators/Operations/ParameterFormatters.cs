using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Logging;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Plans generated formatters for the <c>[SpanAttribute]</c> and <c>[LogField]</c> parameters of an operation whose type is
/// the app's own class, struct or record — the same formatters a <c>[LogMethod]</c> parameter of that type gets (<see cref="LogValueTypes"/>,
/// written by <see cref="LogFormatterEmitter"/>): <c>Type { Member = value, … }</c>, classified members redacted. The
/// run-time formatter (<c>TelemetryValues.Object</c>) reflects over the value's members, and NativeAOT keeps no member
/// metadata for types the app does not reflect over itself: such a span attribute came out <c>Customer { }</c> there
/// (found by a probe publishing a minimal API with NativeAOT), and so did such a log field on every line inside the
/// operation. Values whose type the generator cannot see through — a
/// type parameter, <c>object</c>, an interface, a collection, a type this assembly cannot name — and values under a
/// secret name keep the run-time formatter.
/// </summary>
internal static class ParameterFormatters
{
    /// <summary>Sets <see cref="ParameterModel.FormatterIndex"/> where a formatter is generated and returns the formatters.</summary>
    public static EquatableArray<FormatterModel> Plan(IMethodSymbol method, Compilation compilation, ref EquatableArray<ParameterModel> parameters)
    {
        if (!parameters.Any(Wants))
        {
            return EquatableArray<FormatterModel>.Empty;
        }

        var types = new LogValueTypes(compilation, method.ContainingType);
        var planned = parameters.Select(parameter =>
        {
            if (!Wants(parameter) || parameter.Ordinal >= method.Parameters.Length)
            {
                return parameter;
            }

            var type = method.Parameters[parameter.Ordinal].Type;
            if (types.Kind(type, out _) != ValueTypeKind.Object || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                return parameter;
            }

            var index = types.FormatterOf(type);
            return index < 0 ? parameter : parameter with { FormatterIndex = index };
        }).ToEquatableArray();
        if (!planned.Any(p => p.FormatterIndex >= 0))
        {
            return EquatableArray<FormatterModel>.Empty;
        }

        parameters = planned;
        return types.Build();
    }

    /// <summary>Whether the operation class renders this parameter's value with a generated formatter somewhere.</summary>
    public static bool Wants(ParameterModel parameter) => WantsForSpan(parameter) || WantsForField(parameter);

    /// <summary>
    /// Whether the span attribute is written by the generated formatter, when one is planned: an unclassified value under a
    /// name that is not secret (a secret-named one keeps the run-time rule, which redacts text in any form).
    /// </summary>
    public static bool WantsForSpan(ParameterModel parameter) =>
        parameter.SpanAttributeName is not null
        && Renderable(parameter)
        && (parameter.IsNonSensitive || !Instrumentation.Text.SecretNameRule.IsSecret(parameter.Name));

    /// <summary>
    /// Whether the log field is written by the generated formatter, when one is planned: an unclassified value under a field
    /// name that is not secret (the run-time rule of a correlation field looks at the field's name).
    /// </summary>
    public static bool WantsForField(ParameterModel parameter) =>
        parameter.LogFieldName is not null
        && Renderable(parameter)
        && !Instrumentation.Text.SecretNameRule.IsSecret(parameter.LogFieldName);

    private static bool Renderable(ParameterModel parameter) =>
        parameter.Classification == 0
        && !parameter.HoldsSecretElements
        && parameter.Value.Kind == ValueKind.Other
        && parameter.TypeName != "object?";
}
