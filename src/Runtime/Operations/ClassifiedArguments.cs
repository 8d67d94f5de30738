using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Instrumentation.Operations;

/// <summary>
/// The text of a failed call's classified arguments, kept with its exception so that an exception message that quotes
/// them is redacted wherever the SDK writes it. .NET's own messages quote arguments: <c>The given key 'Ada Lovelace' was
/// not present in the dictionary.</c>, <c>The input string '4711' was not in a correct format.</c>,
/// <c>birthYear ('2015') must be less than or equal to '2010'.</c> — a stranger's trial found them in clear on the
/// failed operation's span, its failure log and the JSON console, from an annotated method whose parameter was
/// <c>[PersonalData]</c>. Generated code calls <see cref="Remember"/> when an operation with classified parameters fails;
/// <see cref="ExceptionMessageRedaction"/> then replaces those texts in the message of that exception and of every inner
/// exception it holds, also when the app logs the same exception later through the SDK's sinks.
/// </summary>
/// <remarks>
/// Kept for strings, numbers (invariant and current-culture text), GUIDs and enums. A text shorter than four characters
/// is replaced only where it stands alone (not inside a longer word or number), so a classified <c>7</c> does not erase
/// every digit of a message. Only the failure path pays: nothing is read or kept for a call that succeeds.
/// </remarks>
public static class ClassifiedArguments
{
    private const int MaxTexts = 32;
    private const int MaxInnerExceptions = 64;
    private static readonly ConditionalWeakTable<Exception, string[]> Texts = new();

    /// <summary>Keeps the text of <paramref name="values"/> with <paramref name="exception"/> and the exceptions inside it.</summary>
    /// <param name="exception">The exception the call failed with.</param>
    /// <param name="values">The call's classified arguments.</param>
    public static void Remember(Exception? exception, params object?[] values)
    {
        if (exception is null || values is null)
        {
            return;
        }

        try
        {
            var texts = new List<string>();
            foreach (var value in values)
            {
                AddTexts(texts, value);
            }

            if (texts.Count == 0)
            {
                return;
            }

            var seen = 0;
            Attach(exception, texts, ref seen);
        }
        catch (Exception)
        {
            // Never in the way of the caller's own exception.
        }
    }

    /// <summary><paramref name="text"/> with every remembered classified text of <paramref name="exception"/> replaced.</summary>
    internal static string RedactIn(Exception exception, string text)
    {
        if (!Texts.TryGetValue(exception, out var texts))
        {
            return text;
        }

        foreach (var classified in texts)
        {
            text = Replace(text, classified);
        }

        return text;
    }

    private static void Attach(Exception exception, List<string> texts, ref int seen)
    {
        if (seen++ >= MaxInnerExceptions)
        {
            return;
        }

        var merged = Texts.TryGetValue(exception, out var existing) ? Merge(existing, texts) : Longest(texts.ToArray());
        Texts.AddOrUpdate(exception, merged);
        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                Attach(inner, texts, ref seen);
            }
        }
        else if (exception.InnerException is { } inner)
        {
            Attach(inner, texts, ref seen);
        }
    }

    private static string[] Merge(string[] existing, List<string> added)
    {
        var all = new List<string>(existing);
        foreach (var text in added)
        {
            if (all.Count < MaxTexts && !all.Contains(text))
            {
                all.Add(text);
            }
        }

        return Longest(all.ToArray());
    }

    /// <summary>
    /// Longest first: a text inside another ("Ada" in "Ada Lovelace") must not be replaced before it, which would leave the
    /// rest of the longer one ("[REDACTED] Lovelace").
    /// </summary>
    private static string[] Longest(string[] texts)
    {
        Array.Sort(texts, static (a, b) => b.Length.CompareTo(a.Length));
        return texts;
    }

    private static void AddTexts(List<string> texts, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                Add(texts, text);
                return;
            case Enum:
                Add(texts, value.ToString());
                return;
            case bool:
                return;
            case IFormattable formattable:
                Add(texts, formattable.ToString(null, CultureInfo.InvariantCulture));
                Add(texts, formattable.ToString(null, CultureInfo.CurrentCulture));
                return;
        }
    }

    private static void Add(List<string> texts, string? text)
    {
        if (!string.IsNullOrEmpty(text) && texts.Count < MaxTexts && !texts.Contains(text))
        {
            texts.Add(text);
        }
    }

    /// <summary>Every occurrence of <paramref name="classified"/> in <paramref name="text"/> replaced (short texts only where they stand alone).</summary>
    private static string Replace(string text, string classified)
    {
        var at = text.IndexOf(classified, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            var end = at + classified.Length;
            var alone = classified.Length >= 4
                || ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])));
            if (alone)
            {
                result.Append(text, from, at - from).Append(Redaction.TextScrubber.Redacted);
                from = end;
            }

            at = text.IndexOf(classified, alone ? end : at + 1, StringComparison.Ordinal);
        }

        return result.Append(text, from, text.Length - from).ToString();
    }
}
