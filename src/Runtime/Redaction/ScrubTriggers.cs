using System;
using System.Buffers;
using System.Text;

namespace Instrumentation.Redaction;

/// <summary>
/// Decides, before any regular expression runs, which of <see cref="TextScrubber"/>'s rules can possibly match a
/// text, so that a clean string costs a few vectorized scans and allocates nothing. Each check is a necessary
/// condition of its rule (never narrower), so skipping a rule it rejects changes no output:
/// <list type="bullet">
/// <item>secrets: some <c>=</c> or <c>:</c> has, before it (white space and one quote skipped), a name that
/// <see cref="SecretNames.IsSecret"/> accepts — both secret patterns need a secret name right there, and the
/// key=value one is only applied when that rule accepts the name;</item>
/// <item>bearer tokens: the word <c>bearer</c> in any case (the pattern starts with it);</item>
/// <item>e-mail addresses: an <c>@</c>;</item>
/// <item>SSNs and card numbers: an ASCII digit, and a run of at least 9 digits (any decimal digit) written with
/// at most one space or dash between digits — an SSN has 9 digits, a card 13 to 19, both in such a run.</item>
/// </list>
/// </summary>
internal static class ScrubTriggers
{
    /// <summary>The digits of the shortest pattern made of digits (an SSN).</summary>
    private const int ShortestDigitPattern = 9;

    // SearchValues and Ascii.IsValid rather than IndexOfAnyInRange / ContainsAnyExceptInRange: those two allocate on
    // every call until the JIT has optimized their caller (96 B each, measured on .NET 10 with tiered compilation).
    private static readonly SearchValues<char> Any = SearchValues.Create("=:@0123456789bB");

    /// <summary>The rules <see cref="TextScrubber"/> must run on a text.</summary>
    [Flags]
    internal enum Rules
    {
        None = 0,
        Secrets = 1,
        Bearer = 2,
        Email = 4,
        Numbers = 8,
    }

    /// <summary>The rules that can match <paramref name="text"/>: one vectorized scan for the characters the rules start from.</summary>
    public static Rules Of(ReadOnlySpan<char> text)
    {
        var rules = Rules.None;
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
                    if ((rules & Rules.Secrets) == 0 && FollowsSecretName(text, at))
                    {
                        rules |= Rules.Secrets;
                    }

                    break;
                case '@':
                    rules |= Rules.Email;
                    break;
                case 'b' or 'B':
                    if (text[at..].StartsWith("bearer", StringComparison.OrdinalIgnoreCase))
                    {
                        rules |= Rules.Bearer;
                    }

                    break;
                default:
                    sawDigit = true;
                    from = EndOfRun(text, at, out var digits);
                    if (digits >= ShortestDigitPattern)
                    {
                        rules |= Rules.Numbers;
                    }

                    break;
            }
        }

        // Non-ASCII text may hold other decimal digits, which the SSN pattern's \d also matches: measure every run
        // (an ASCII digit somewhere is still required, as it always was).
        if (sawDigit && (rules & Rules.Numbers) == 0 && !Ascii.IsValid(text) && HasLongUnicodeRun(text))
        {
            rules |= Rules.Numbers;
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
