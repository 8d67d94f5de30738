using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The values a label can take, as the generated tag builders write them (see
/// <c>OperationClassEmitter.LabelValue</c>): enum members in snake case, <c>true</c>/<c>false</c>, the
/// bounded strings, plus the fallbacks <c>other</c> (a value outside the set) and <c>none</c> (a null
/// nullable value). Sorted ordinally, fallbacks last, so the output is deterministic.
/// </summary>
internal static class LabelValueSets
{
    public const string Other = "other";
    public const string None = "none";

    public static IEnumerable<string> Of(ParameterLabelModel label)
    {
        var value = label.Value;
        IEnumerable<string> values;
        var fallbacks = new List<string>();
        switch (value.Kind)
        {
            case ValueKind.Enum:
                values = value.EnumMembers.Select(SymbolNames.ToSnakeCase);
                fallbacks.Add(Other);
                break;
            case ValueKind.Bool:
                values = new[] { "false", "true" };
                break;
            default:
                values = label.BoundedValues;
                fallbacks.Add(Other);
                break;
        }

        if (value.IsNullableValueType)
        {
            fallbacks.Add(None);
        }

        return Normalize(values.Concat(fallbacks));
    }

    /// <summary>Distinct non-empty values in ordinal order, then <c>other</c> and <c>none</c> when present.</summary>
    public static List<string> Normalize(IEnumerable<string> values)
    {
        var all = values.ToList();
        var fallbacks = new[] { Other, None }.Where(all.Contains);
        return Sorted(all.Where(v => v is not (Other or None))).Concat(fallbacks).ToList();
    }

    /// <summary>Distinct non-empty values in ordinal order.</summary>
    public static List<string> Sorted(IEnumerable<string> values) =>
        values
            .Where(v => !string.IsNullOrEmpty(v))
            .Distinct(System.StringComparer.Ordinal)
            .OrderBy(v => v, System.StringComparer.Ordinal)
            .ToList();
}
