using System;
using System.Buffers;
using System.Text;

using Instrumentation.Redaction;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// The scrubber's pre-scan as it was before issue 18 §4's second change (one vectorized search over every trigger
/// character, stopping at each digit run and each <c>b</c>), kept unchanged as the peer of <see cref="ScrubTriggers"/>
/// in <see cref="ScrubBenchmarks"/>. Same rules, same results (ScrubFastPathTests checks the current one).
/// </summary>
internal static class PreviousScrubTriggers
{
    /// <summary>The digits of the shortest pattern made of digits (an SSN).</summary>
    private const int ShortestDigitPattern = 9;

    // SearchValues and Ascii.IsValid rather than IndexOfAnyInRange / ContainsAnyExceptInRange: those two allocate on
    // every call until the JIT has optimized their caller (96 B each, measured on .NET 10 with tiered compilation).
    private static readonly SearchValues<char> Any = SearchValues.Create("=:@0123456789bB");

    /// <summary>The rules that can match <paramref name="text"/>: one vectorized scan for the characters the rules start from.</summary>
    public static ScrubTriggers.Rules Of(ReadOnlySpan<char> text)
    {
        var rules = ScrubTriggers.Rules.None;
        var sawDigit = false;
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOfAny(Any);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            from = at + 1;
            switch (text[at])
            {
                case '=' or ':':
                    if ((rules & ScrubTriggers.Rules.Secrets) == 0 && FollowsSecretName(text, at))
                    {
                        rules |= ScrubTriggers.Rules.Secrets;
                    }

                    break;
                case '@':
                    rules |= ScrubTriggers.Rules.Email;
                    break;
                case 'b' or 'B':
                    if (text[at..].StartsWith("bearer", StringComparison.OrdinalIgnoreCase))
                    {
                        rules |= ScrubTriggers.Rules.Bearer;
                    }

                    break;
                default:
                    sawDigit = true;
                    from = EndOfRun(text, at, out var digits);
                    if (digits >= ShortestDigitPattern)
                    {
                        rules |= ScrubTriggers.Rules.Numbers;
                    }

                    break;
            }
        }

        // Non-ASCII text may hold other decimal digits, which the SSN pattern's \d also matches: measure every run
        // (an ASCII digit somewhere is still required, as it always was).
        if (sawDigit && (rules & ScrubTriggers.Rules.Numbers) == 0 && !Ascii.IsValid(text) && HasLongUnicodeRun(text))
        {
            rules |= ScrubTriggers.Rules.Numbers;
        }

        return rules;
    }

    /// <summary>
    /// Whether the <c>=</c> or <c>:</c> at <paramref name="at"/> follows a secret name: the run of name characters
    /// (those the secret patterns accept: ASCII letters, digits, <c>_ . -</c>, and the Kelvin sign, which their
    /// case-insensitive <c>k</c> matches) ending right before it, after skipping white space and one quote.
    /// </summary>
    private static bool FollowsSecretName(ReadOnlySpan<char> text, int at)
    {
        var end = at;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > 0 && text[end - 1] is '"' or '\'')
        {
            end--;
        }

        var start = end;
        while (start > 0 && IsNameChar(text[start - 1]))
        {
            start--;
        }

        return start < end && SecretNames.IsSecret(text[start..end]);
    }

    /// <summary>The end of the run of ASCII digits joined by single spaces or dashes that starts at <paramref name="start"/>.</summary>
    private static int EndOfRun(ReadOnlySpan<char> text, int start, out int digits)
    {
        var i = start;
        digits = 0;
        while (true)
        {
            while (i < text.Length && text[i] is >= '0' and <= '9')
            {
                digits++;
                i++;
            }

            if (i + 1 < text.Length && text[i] is ' ' or '-' && text[i + 1] is >= '0' and <= '9')
            {
                i++;
                continue;
            }

            return i;
        }
    }

    private static bool HasLongUnicodeRun(ReadOnlySpan<char> text)
    {
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                if (++digits >= ShortestDigitPattern)
                {
                    return true;
                }
            }
            else if (!(c is ' ' or '-' && digits > 0 && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                digits = 0;
            }
        }

        return false;
    }

    private static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-' or '\u212A';
}
