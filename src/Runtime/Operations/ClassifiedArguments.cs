using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Instrumentation.Logging;

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
/// every digit of a message. Only the failure path pays: nothing is read or kept for a call that succeeds. A task that
/// fails after it was returned is covered too: its awaiter holds the classified arguments (one value or a tuple, not
/// boxed) and keeps them with the exception before the operation ends.
/// </remarks>
public static class ClassifiedArguments
{
    private const int MaxTexts = 32;
    private const int MaxElements = 256;
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

    /// <summary>
    /// <paramref name="text"/> with every remembered classified text of <paramref name="exception"/> and of the exceptions
    /// inside it replaced: a wrapper quotes its inner exception's message (<c>throw new InvalidOperationException("import
    /// failed: " + e.Message, e)</c>, an <see cref="AggregateException"/>'s "One or more errors occurred. (…)"), also when the
    /// wrapper was thrown by code that knows nothing of the classified arguments.
    /// </summary>
    internal static string RedactIn(Exception exception, string text)
    {
        List<string>? found = null;
        var seen = 0;
        Collect(exception, ref found, ref seen);
        if (found is null)
        {
            return text;
        }

        foreach (var classified in found.Count == 1 ? found.ToArray() : Longest(found.ToArray()))
        {
            text = Replace(text, classified);
        }

        return text;
    }

    private static void Collect(Exception exception, ref List<string>? found, ref int seen)
    {
        if (seen++ >= MaxInnerExceptions)
        {
            return;
        }

        if (Texts.TryGetValue(exception, out var texts))
        {
            found ??= new List<string>(texts.Length);
            foreach (var text in texts)
            {
                if (!found.Contains(text))
                {
                    found.Add(text);
                }
            }
        }

        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                Collect(inner, ref found, ref seen);
            }
        }
        else if (exception.InnerException is { } inner)
        {
            Collect(inner, ref found, ref seen);
        }
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

    /// <summary>
    /// The texts a message may quote of <paramref name="value"/>: a string, number, date, GUID or enum as itself (a
    /// number or date in the invariant and the current culture); the elements of a tuple or a materialized collection;
    /// a value whose type is classified by its text and its members; an object's classified members — or, for an object that has none
    /// (then the argument itself was classified), its members.
    /// </summary>
    private static void AddTexts(List<string> texts, object? value, int depth = 0)
    {
        if (value is null || texts.Count >= MaxTexts || depth > 2)
        {
            return;
        }

        switch (value)
        {
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
            case ITuple tuple:
                // A task's awaiter gets its call's classified arguments as one tuple (no array until the call fails).
                for (var i = 0; i < tuple.Length; i++)
                {
                    AddTexts(texts, tuple[i], depth + 1);
                }

                return;
        }

        var shape = LogValueShapes.Of(value.GetType());
        var classifiedWhole = shape.Classification != 0;
        if (classifiedWhole)
        {
            // A type classified whole ([HealthData] struct BloodType): its text, and (an object) every member's text.
            Add(texts, TextOrNull(value));
            if (shape.Kind != ValueShapeKind.Object)
            {
                return;
            }
        }

        switch (shape.Kind)
        {
            case ValueShapeKind.Collection when value is IEnumerable elements:
                AddElementTexts(texts, elements, depth);
                return;
            case ValueShapeKind.Object:
                var anyClassified = !classifiedWhole && Array.Exists(shape.Members, static m => m.Classification != 0 || m.Foreign is not null);
                foreach (var member in shape.Members)
                {
                    if (!member.IsNonSensitive && (!anyClassified || member.Classification != 0 || member.Foreign is not null))
                    {
                        AddTexts(texts, ReadOrNull(member, value), depth + 1);
                    }
                }

                return;
        }
    }

    /// <summary>
    /// The texts of a collection's first <see cref="MaxElements"/> elements: a million equal elements must not be walked on
    /// a failure path, and an enumerator that throws (the collection changed) keeps what was read before, where the
    /// caller's catch would have dropped every text of the call.
    /// </summary>
    private static void AddElementTexts(List<string> texts, IEnumerable elements, int depth)
    {
        try
        {
            var read = 0;
            foreach (var element in elements)
            {
                if (texts.Count >= MaxTexts || read++ >= MaxElements)
                {
                    return;
                }

                AddTexts(texts, element, depth + 1);
            }
        }
        catch (Exception)
        {
            // Keep what was read.
        }
    }

    /// <summary>A value's <c>ToString()</c>, or null when it throws.</summary>
    private static string? TextOrNull(object value)
    {
        try
        {
            return value.ToString();
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>A member's value, or null when its getter throws (the caller's exception comes first).</summary>
    private static object? ReadOrNull(LogValueMember member, object target)
    {
        try
        {
            return member.Read(target);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Adds a text, and its upper- and lower-case forms (<c>Ages[name.ToUpperInvariant()]</c> quotes those).</summary>
    private static void Add(List<string> texts, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        AddOne(texts, text);
        AddOne(texts, text.ToUpperInvariant());
        AddOne(texts, text.ToLowerInvariant());
    }

    private static void AddOne(List<string> texts, string text)
    {
        if (texts.Count < MaxTexts && !texts.Contains(text))
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
