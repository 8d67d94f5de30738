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
    private const int MaxDepth = 4;
    private static readonly ConditionalWeakTable<Exception, string[]> Texts = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> PartsCache = new();

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
    /// An argument that is not classified itself but whose value may have classified members — a parameter typed as an
    /// interface, a type parameter, <see cref="object"/>, or a type with classified members of its own or nested deeper
    /// (<c>order.Customer.Email</c>, the elements of a <c>List&lt;Customer&gt;</c>): only the classified members'
    /// texts are kept, found on the value's run-time type. A struct: an async operation's awaiter holds it without boxing.
    /// </summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="value">The argument.</param>
    /// <returns>The argument, marked for <see cref="Remember"/>.</returns>
    public static ClassifiedMembers<T> MembersOf<T>(T value) => new(value);

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
        if (value is null || texts.Count >= MaxTexts || depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case IClassifiedMembers marked:
                AddClassifiedMemberTexts(texts, marked.Value, depth);
                return;
            case string text:
                Add(texts, text);
                return;
            case char[] chars:
                Add(texts, new string(chars));
                return;
            case StringBuilder builder:
                Add(texts, builder.ToString());
                return;
            case ReadOnlyMemory<char> readOnlyMemory:
                Add(texts, readOnlyMemory.ToString());
                return;
            case Memory<char> memory:
                Add(texts, memory.ToString());
                return;
            case ArraySegment<char> segment:
                Add(texts, segment.Array is null ? null : new string(segment.Array, segment.Offset, segment.Count));
                return;
            case IDictionary dictionary:
                // A dictionary's entries are key/value pairs, which have no shape of their own here: both are quoted.
                AddElementTexts(texts, dictionary.Keys, depth);
                AddElementTexts(texts, dictionary.Values, depth);
                return;
            case Enum:
                Add(texts, value.ToString());
                return;
            case bool:
                return;
            case IFormattable formattable:
                Add(texts, formattable.ToString(null, CultureInfo.InvariantCulture));
                Add(texts, formattable.ToString(null, CultureInfo.CurrentCulture));
                AddCommonFormats(texts, formattable);
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
            case ValueShapeKind.Pair:
                // A classified list of pairs: the key's and the value's texts.
                foreach (var member in shape.Members)
                {
                    AddTexts(texts, ReadOrNull(member, value), depth + 1);
                }

                return;
            case ValueShapeKind.Object:
                var anyClassified = !classifiedWhole && Array.Exists(shape.Members, static m => m.Classification != 0 || m.Foreign is not null);
                foreach (var member in shape.Members)
                {
                    if (member.IsNonSensitive)
                    {
                        continue;
                    }

                    if (!anyClassified || member.Classification != 0 || member.Foreign is not null)
                    {
                        AddTexts(texts, ReadOrNull(member, value), depth + 1);
                    }
                    else if (MayHoldClassified(member.DeclaredType, 0))
                    {
                        AddClassifiedMemberTexts(texts, ReadOrNull(member, value), depth + 1);
                    }
                }

                return;
        }
    }

    /// <summary>
    /// The other forms a message commonly quotes a classified GUID, date or integer in (a stranger's trial: <c>{id:N}</c>,
    /// <c>{at:O}</c>, <c>{amount:N0}</c> went out in clear): a GUID without dashes or in braces, a round-trip or sortable
    /// date, an integer with group separators.
    /// </summary>
    private static void AddCommonFormats(List<string> texts, IFormattable value)
    {
        string[] formats = value switch
        {
            Guid => ["N", "B", "P"],
            DateTime or DateTimeOffset => ["O", "s", "u", "yyyy-MM-dd"],
            DateOnly => ["O"],
            int or long or short or uint or ulong or ushort or decimal => ["N0"],
            _ => [],
        };
        foreach (var format in formats)
        {
            Add(texts, value.ToString(format, CultureInfo.InvariantCulture));
            Add(texts, value.ToString(format, CultureInfo.CurrentCulture));
        }
    }

    /// <summary>
    /// The texts of the classified parts of a value that is not classified itself (<see cref="MembersOf{T}"/>): a value
    /// whose run-time type is classified whole, an object's classified members, and — through its unclassified members,
    /// a collection's elements, a dictionary's keys and values, a tuple's elements — the classified parts of those, as deep
    /// as <see cref="MaxDepth"/>. Unclassified text is not kept: replacing it would hide what the message says.
    /// </summary>
    private static void AddClassifiedMemberTexts(List<string> texts, object? value, int depth)
    {
        if (value is null || texts.Count >= MaxTexts || depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case string or bool or char[] or StringBuilder or ReadOnlyMemory<char> or Memory<char> or ArraySegment<char>:
                // Unclassified text: the type of a classified one (a [PersonalData] struct, enum) is read below.
                return;
            case ITuple tuple:
                for (var i = 0; i < tuple.Length; i++)
                {
                    AddClassifiedMemberTexts(texts, tuple[i], depth + 1);
                }

                return;
            case IDictionary dictionary:
                AddClassifiedElementTexts(texts, dictionary.Keys, depth);
                AddClassifiedElementTexts(texts, dictionary.Values, depth);
                return;
        }

        var shape = LogValueShapes.Of(value.GetType());
        if (shape.Classification != 0)
        {
            AddTexts(texts, value, depth);
            return;
        }

        switch (shape.Kind)
        {
            case ValueShapeKind.Collection when value is IEnumerable elements:
                AddClassifiedElementTexts(texts, elements, depth);
                return;
            case ValueShapeKind.Pair:
                foreach (var member in shape.Members)
                {
                    AddClassifiedMemberTexts(texts, ReadOrNull(member, value), depth + 1);
                }

                return;
            case ValueShapeKind.Object:
                foreach (var member in shape.Members)
                {
                    if (member.IsNonSensitive)
                    {
                        continue;
                    }

                    if (member.Classification != 0 || member.Foreign is not null)
                    {
                        AddTexts(texts, ReadOrNull(member, value), depth + 1);
                    }
                    else if (MayHoldClassified(member.DeclaredType, 0))
                    {
                        AddClassifiedMemberTexts(texts, ReadOrNull(member, value), depth + 1);
                    }
                }

                return;
        }
    }

    /// <summary>
    /// Whether a member declared as <paramref name="type"/> can lead to classified data: a type of the app's classified
    /// whole or with such members, or a collection, array or <c>Nullable</c> of one. Members declared as an interface or
    /// <see cref="object"/> are not read: this runs on a failure path, and reading a getter of an arbitrary object (a
    /// service's connection, a lazy collection) could do work the call never asked for. Cached per type.
    /// </summary>
    private static bool MayHoldClassified(Type type, int depth)
    {
        if (depth > MaxDepth || type.IsPrimitive || type.IsEnum || type == typeof(string) || type.IsInterface || type == typeof(object) || type.IsPointer || type.IsByRef)
        {
            return false;
        }

        if (PartsCache.TryGetValue(type, out var known))
        {
            return known;
        }

        bool result;
        if (type.IsArray)
        {
            result = type.GetElementType() is { } element && MayHoldClassified(element, depth + 1);
        }
        else if (LogValueShapes.IsFramework(type))
        {
            result = type.IsGenericType && Array.Exists(type.GetGenericArguments(), argument => MayHoldClassified(argument, depth + 1));
        }
        else
        {
            var shape = LogValueShapes.Of(type);
            result = shape.Classification != 0
                || Array.Exists(shape.Members, m => !m.IsNonSensitive && (m.Classification != 0 || m.Foreign is not null || MayHoldClassified(m.DeclaredType, depth + 1)));
        }

        PartsCache.TryAdd(type, result);
        return result;
    }

    /// <summary>As <see cref="AddElementTexts"/>, keeping only the classified parts of each element.</summary>
    private static void AddClassifiedElementTexts(List<string> texts, IEnumerable elements, int depth)
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

                AddClassifiedMemberTexts(texts, element, depth + 1);
            }
        }
        catch (Exception)
        {
            // Keep what was read.
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
