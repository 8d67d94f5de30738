using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Instrumentation.Naming;

namespace Instrumentation.Testing.Internal;

/// <summary>Compares and prints tag values the way a test author writes them (<c>("org", "a")</c>, an enum, a number).</summary>
internal static class TagValues
{
    /// <summary>
    /// True when <paramref name="actual"/> equals <paramref name="expected"/> or has the same invariant text, or
    /// <paramref name="expected"/> is a defined enum member and <paramref name="actual"/> is the label text the
    /// generator writes for it on metrics (the member name in snake case: <c>WindSpeed</c> → <c>wind_speed</c>).
    /// </summary>
    public static bool Matches(object? actual, object? expected)
    {
        if (Equals(actual, expected))
        {
            return true;
        }

        if (actual is null || expected is null)
        {
            return false;
        }

        var actualText = Text(actual);
        return string.Equals(actualText, Text(expected), StringComparison.Ordinal)
            || (expected is Enum member && actual is string && IsLabelOf(actualText, member));
    }

    private static bool IsLabelOf(string text, Enum member) =>
        Enum.IsDefined(member.GetType(), member)
        && string.Equals(text, GeneratorNameRules.ToSnakeCase(member.ToString()), StringComparison.Ordinal);

    /// <summary>True when every expected pair is present in <paramref name="tags"/> with a matching value.</summary>
    public static bool ContainsAll(IReadOnlyDictionary<string, object?> tags, (string Key, object? Value)[] expected)
    {
        foreach (var (key, value) in expected)
        {
            if (!tags.TryGetValue(key, out var actual) || !Matches(actual, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The invariant text of a value.</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary><c>{a=1, b=x}</c>.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, object?>> tags) =>
        "{" + string.Join(", ", tags.Select(t => t.Key + "=" + Text(t.Value))) + "}";

    /// <summary>
    /// <c>(a=1, b=x)</c>, as a test asked for them; a defined enum member also with the label it matches on metrics
    /// (<c>channel=Web|web</c>), next to the captured <c>web</c> in a failure message.
    /// </summary>
    public static string Format((string Key, object? Value)[] tags) =>
        "(" + string.Join(", ", tags.Select(t => t.Key + "=" + Expected(t.Value))) + ")";

    private static string Expected(object? value) =>
        value is Enum member && Enum.IsDefined(member.GetType(), member)
        && GeneratorNameRules.ToSnakeCase(member.ToString()) is var label && !string.Equals(label, member.ToString(), StringComparison.Ordinal)
            ? member + "|" + label
            : Text(value);
}
