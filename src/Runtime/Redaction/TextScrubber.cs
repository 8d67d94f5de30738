using System;
using System.Text.RegularExpressions;

namespace Instrumentation.Redaction;

/// <summary>
/// Removes personal data and secrets from free text (exception messages, messages of loggers that are
/// not generated): e-mail addresses → <c>[EMAIL]</c>, Luhn-valid card numbers (13–19 digits, spaces or
/// dashes allowed) → <c>[CARD]</c>, US SSNs → <c>[SSN]</c>, values of <c>password=</c>, <c>passwd=</c>,
/// <c>pwd=</c>, <c>token=</c>, <c>secret=</c>, <c>api_key=</c> (also as JSON properties) → <c>[REDACTED]</c>.
/// </summary>
public static partial class TextScrubber
{
    /// <summary>Scrubs <paramref name="text"/>; returns the same instance when nothing matched.</summary>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = JsonSecret().Replace(text, static m => m.Groups["key"].Value + "[REDACTED]");
        result = KeyValueSecret().Replace(result, static m => m.Groups["key"].Value + m.Groups["sep"].Value + "[REDACTED]");
        result = Email().Replace(result, "[EMAIL]");
        result = Ssn().Replace(result, "[SSN]");
        result = CardCandidate().Replace(result, static m => IsLuhnCard(m.Value) ? "[CARD]" : m.Value);
        return result;
    }

    /// <summary>True when the digits of <paramref name="candidate"/> (13–19 of them) pass the Luhn check.</summary>
    public static bool IsLuhnCard(ReadOnlySpan<char> candidate)
    {
        Span<int> digits = stackalloc int[19];
        var count = 0;
        foreach (var c in candidate)
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 19)
                {
                    return false;
                }

                digits[count++] = c - '0';
            }
        }

        if (count < 13)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = digits[count - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(""""(?<key>"(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?token)"\s*:\s*")(?:[^"\\]|\\.)*"""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonSecret();

    [GeneratedRegex("""(?<key>\b(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?token))(?<sep>\s*[=:]\s*)(?!\[REDACTED\])(?:"[^"]*"|'[^']*'|[^\s,;&"']+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b\d(?:[ \-]?\d){12,18}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();
}
