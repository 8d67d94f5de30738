namespace Instrumentation.Generators.Operations;

/// <summary>What the generator accepts as span and metric names (conventions are the analyzer's job).</summary>
internal static class NameRules
{
    /// <summary>Non-empty, at most 255 characters, no whitespace or control characters.</summary>
    public static bool IsValidSpanName(string? name)
    {
        if (name is null || name.Length == 0 || name.Length > 255)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The OpenTelemetry instrument name syntax: a letter, then letters, digits, '_', '.', '-', '/'.</summary>
    public static bool IsValidMetricName(string name)
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
