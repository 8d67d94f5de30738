using System.Globalization;
using System.Text;

namespace Instrumentation.Naming;

/// <summary>
/// The operation generator's naming rules, compiled into both the generator and the analyzers (a linked
/// source file: the analyzers do not reference the generator assembly), so default label and metric names
/// are derived the same way in both, and names the generator rejects (INS0001, INS0002) are left to the
/// generator's diagnostics by the analyzers.
/// </summary>
internal static class GeneratorNameRules
{
    /// <summary><c>deviceKind</c> → <c>device_kind</c>; <c>DB.Write</c> → <c>d_b_write</c>... as the generator does.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (builder.Length > 0 && builder[builder.Length - 1] != '_' && (previousIsLowerOrDigit || nextIsLower))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c == '-' || c == ' ' || c == '.' ? '_' : c);
            }
        }

        return builder.ToString().TrimStart('_');
    }

    /// <summary>
    /// The generator accepts a span name that is non-empty, at most 255 characters, without whitespace, control
    /// characters, invisible format characters (bidi overrides such as U+202E, zero-width spaces and joiners, soft
    /// hyphens: a name that reads one way in the source and another in a backend) or a lone surrogate (written as U+FFFD,
    /// so the recorded name differed from the source's) (else INS0001). All three passed before a newcomer's trial.
    /// </summary>
    public static bool IsAcceptedSpanName(string? name)
    {
        if (name is null || name.Length == 0 || name.Length > 255)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The generator accepts the OpenTelemetry instrument syntax: a letter, then letters, digits, '_', '.', '-', '/' (else INS0002).</summary>
    public static bool IsAcceptedMetricName(string name)
    {
        if (name.Length == 0 || name.Length > 255 || !IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
