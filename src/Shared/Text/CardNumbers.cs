using System;
using System.Text;

namespace Instrumentation.Text;

/// <summary>
/// Finds payment card numbers in free text without flagging timestamps, order ids or decimals.
/// A candidate is a run of 13–19 digits, either bare or written in groups separated by single spaces or
/// dashes, and it must pass the Luhn check. On top of that:
/// <list type="bullet">
/// <item>a grouped number must be grouped like a card: groups of four with a shorter last group
/// (<c>4111 1111 1111 1111</c>, <c>4-4-4-4-3</c>), or the 4-6-5 / 4-6-4 grouping of Amex and Diners;</item>
/// <item>a bare run must start with a known issuer prefix and have a length that issuer uses (Visa 4:
/// 13/16/19; Mastercard 51–55, 2221–2720: 16; Amex 34/37: 15; Diners 300–305/36/38/39: 14–19;
/// Discover/UnionPay/RuPay 60/62/64/65: 16–19; JCB 3528–3589: 16–19; Mir 2200–2204: 16–19;
/// Maestro 50/56–58/63/67: 13–19), and a 13-digit run between 946684800000 and 4102444800000
/// (milliseconds since 1970 for the years 2000–2099) is a timestamp, never a card;</item>
/// <item>a run that is part of a decimal number (<c>4111111111111111.1</c>, <c>0.4111111111111111</c>)
/// is not a card; letters around a run do not protect it (<c>card4111111111111111</c> is a card).</item>
/// </list>
/// Shared by the runtime's <c>TextScrubber</c> and the log-method generator (which scrubs a message template's literal
/// text at compile time), so it uses nothing beyond netstandard2.0 and System.Memory.
/// </summary>
internal static class CardNumbers
{
    private const int MaxGroups = 32;
    private const long EpochMillisFrom = 946_684_800_000;
    private const long EpochMillisTo = 4_102_444_800_000;

    /// <summary>Replaces every card number in <paramref name="text"/> with <paramref name="replacement"/>.</summary>
    public static string Replace(string text, string replacement)
    {
        StringBuilder? builder = null;
        var copied = 0;
        Span<int> starts = stackalloc int[MaxGroups];
        Span<int> lengths = stackalloc int[MaxGroups];
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]))
            {
                i++;
                continue;
            }

            var groups = 0;
            var position = i;
            var tooMany = false;
            while (true)
            {
                var start = position;
                while (position < text.Length && IsDigit(text[position]))
                {
                    position++;
                }

                if (groups == MaxGroups)
                {
                    tooMany = true;
                }
                else
                {
                    starts[groups] = start;
                    lengths[groups] = position - start;
                    groups++;
                }

                if (position + 1 < text.Length && text[position] is ' ' or '-' && IsDigit(text[position + 1]))
                {
                    position++;
                    continue;
                }

                break;
            }

            var runStart = i;
            var runEnd = position;
            i = runEnd;
            if (tooMany || IsPartOfDecimal(text, runStart, runEnd))
            {
                continue;
            }

            var first = 0;
            while (first < groups)
            {
                var found = -1;
                for (var last = groups - 1; last >= first && found < 0; last--)
                {
                    if (IsCard(text, starts.Slice(first, last + 1 - first), lengths.Slice(first, last + 1 - first)))
                    {
                        found = last;
                    }
                }

                if (found < 0)
                {
                    first++;
                    continue;
                }

                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, starts[first] - copied).Append(replacement);
                copied = starts[found] + lengths[found];
                first = found + 1;
            }
        }

        if (builder is null)
        {
            return text;
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when the digits of <paramref name="candidate"/> (13–19 of them) pass the Luhn check.</summary>
    /// <param name="candidate">Digits, possibly with separators (ignored).</param>
    public static bool IsLuhn(ReadOnlySpan<char> candidate)
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

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsPartOfDecimal(string text, int start, int end)
    {
        var before = start >= 2 && text[start - 1] is '.' or ',' && IsDigit(text[start - 2]);
        var after = end + 1 < text.Length && text[end] is '.' or ',' && IsDigit(text[end + 1]);
        return before || after;
    }

    private static bool IsCard(string text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        var total = 0;
        foreach (var length in lengths)
        {
            total += length;
        }

        if (total is < 13 or > 19)
        {
            return false;
        }

        Span<char> digits = stackalloc char[19];
        var count = 0;
        for (var g = 0; g < starts.Length; g++)
        {
            text.AsSpan(starts[g], lengths[g]).CopyTo(digits.Slice(count));
            count += lengths[g];
        }

        ReadOnlySpan<char> number = digits.Slice(0, count);
        if (!IsLuhn(number))
        {
            return false;
        }

        return lengths.Length == 1 ? IsIssuedBare(number) : IsCardGrouping(lengths);
    }

    private static bool IsCardGrouping(ReadOnlySpan<int> lengths)
    {
        if (lengths.Length == 3 && lengths[0] == 4 && lengths[1] == 6 && lengths[2] is 4 or 5)
        {
            return true;
        }

        for (var g = 0; g < lengths.Length - 1; g++)
        {
            if (lengths[g] != 4)
            {
                return false;
            }
        }

        return lengths[lengths.Length - 1] is >= 1 and <= 4;
    }

    private static bool IsIssuedBare(ReadOnlySpan<char> number)
    {
        var length = number.Length;
        if (length == 13 && Value(number) is >= EpochMillisFrom and < EpochMillisTo)
        {
            return false;
        }

        var p2 = Prefix(number, 2);
        var p3 = Prefix(number, 3);
        var p4 = Prefix(number, 4);
        if (number[0] == '4')
        {
            return length is 13 or 16 or 19;
        }

        if (p2 is >= 51 and <= 55 || p4 is >= 2221 and <= 2720)
        {
            return length == 16;
        }

        if (p2 is 34 or 37)
        {
            return length == 15;
        }

        if (p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39)
        {
            return length is >= 14 and <= 19;
        }

        if (p4 is >= 3528 and <= 3589 || p4 is >= 2200 and <= 2204 || p2 is 60 or 62 or 64 or 65)
        {
            return length is >= 16 and <= 19;
        }

        return p2 is 50 or 56 or 57 or 58 or 63 or 67 && length is >= 13 and <= 19;
    }

    /// <summary>The value of <paramref name="number"/>: ASCII digits, 13 of them (a bare run that may be a timestamp).</summary>
    private static long Value(ReadOnlySpan<char> number)
    {
        long value = 0;
        foreach (var c in number)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static int Prefix(ReadOnlySpan<char> number, int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            value = (value * 10) + (number[i] - '0');
        }

        return value;
    }
}
