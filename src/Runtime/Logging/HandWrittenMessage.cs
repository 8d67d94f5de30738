using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using Instrumentation.Redaction;

namespace Instrumentation.Logging;

/// <summary>
/// The formatted message of a log the SDK did not generate, with its values replaced by the rules of
/// <see cref="HandWrittenValues"/>. A state that ends with <c>{OriginalFormat}</c> (Microsoft.Extensions.Logging's, its
/// generators') is formatted again from its template with the safe values, each hole's value found by its name
/// (<see cref="TemplateMessage"/>), so a value is replaced where it stands, whatever format or alignment wrote it; any other state gets the values' own texts replaced where they occur.
/// </summary>
internal static class HandWrittenMessage
{
    /// <summary>What a sink writes instead of a message whose redaction failed.</summary>
    public const string Withheld = "[message withheld: its redaction failed]";

    private static readonly List<Replaced> Empty = new();

    /// <summary>
    /// The values of <paramref name="state"/> the rules replace (index, safe text, whether it was secret and the secret
    /// text to remove elsewhere), or null when none is: computed once per line and shared by its attributes and message.
    /// Fields already safe are skipped: <paramref name="generated"/>'s own (a generated state) and those <paramref name="prepared"/> names.
    /// </summary>
    public static List<Replaced>? Replacements(IReadOnlyList<KeyValuePair<string, object?>>? state, GeneratedLogDescriptor? generated, IPreparedLogFields? prepared)
    {
        List<Replaced>? replaced = null;
        var count = state?.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var (key, value) = (state![i].Key, state[i].Value);
            // Fields safe already (a generated state's own, a prepared state's) are skipped; no delegate per record.
            if (generated?.IsOwnField(key) != true && prepared?.IsPrepared(key) != true
                && HandWrittenValues.Replacement(key, value, out var secret, out var secretText) is { } safe)
            {
                (replaced ??= new List<Replaced>()).Add(new Replaced(i, safe, secret, secretText));
            }
        }

        // A value in a hole the scrubber redacts by its position ("Cookie: {C}", "password={p}"): the message says
        // [REDACTED] there, so the value's own field must too, whatever its name.
        if (generated is null && count > 0 && state![count - 1] is { Key: "{OriginalFormat}", Value: string template }
            && SecretPositions.Of(template, count - 1) is { } holes)
        {
            for (var hole = 0; hole < holes.Names.Length; hole++)
            {
                if (!holes.Secret[hole])
                {
                    continue;
                }

                var entry = Entry(state, count - 1, holes.Names, hole);
                if (entry < 0 || state[entry].Value is not { } value || prepared?.IsPrepared(state[entry].Key) == true || IsReplaced(replaced, entry))
                {
                    continue;
                }

                var text = value as string ?? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", value);
                (replaced ??= new List<Replaced>()).Add(new Replaced(entry, TextScrubber.Redacted, true, text.Length >= 3 ? text : null));
            }
        }

        return replaced;
    }

    private static bool IsReplaced(List<Replaced>? replaced, int index)
    {
        foreach (var value in replaced ?? Empty)
        {
            if (value.Index == index)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The safe message of a line whose replacements are not known yet (the JSON console).</summary>
    public static string Redact(IReadOnlyList<KeyValuePair<string, object?>>? state, string message) =>
        Redact(state, message, Replacements(state, null, null), generated: false);

    /// <summary>
    /// The safe message, given the line's <see cref="Replacements"/>. <paramref name="generated"/>: the state is a
    /// generated one, whose message is then neither formatted again nor scrubbed (its own fields are safe already).
    /// </summary>
    public static string Redact(IReadOnlyList<KeyValuePair<string, object?>>? state, string message, List<Replaced>? replaced, bool generated)
    {
        string? template = null;
        List<(string Raw, string Safe)>? ownTexts = null;
        var count = state?.Count ?? 0;
        if (!generated && count > 0 && state![count - 1] is { Key: "{OriginalFormat}", Value: string originalFormat })
        {
            template = originalFormat;
        }

        if (template is not null && replaced is null && !IsLoggingState(state!)
            && Arguments(state!, count - 1, template, Empty) is { } own)
        {
            // A state of the app's own type that carries a template: its formatter may write anything ("Audit for " +
            // user.FullName, a stranger's trial on the JSON console), so the message is the template with the state's
            // values, as the OpenTelemetry exporter's body is; Microsoft.Extensions.Logging's own states format exactly that.
            message = own.Length == 0 ? template : TemplateMessage.Format(template, own) ?? message;
        }

        if (replaced is not null)
        {
            if (template is not null && Arguments(state!, count - 1, template, replaced) is { } arguments
                && (arguments.Length == 0 ? message : TemplateMessage.Format(template, arguments)) is { } rewritten)
            {
                // A template without holes writes none of the values: the message stays as it is.
                message = rewritten;
            }
            else
            {
                // No template, or it did not fit the values: each object's own text is replaced where it occurs.
                foreach (var (index, safe, secret, _) in replaced)
                {
                    if (!secret)
                    {
                        AddOwnTexts(ref ownTexts, state![index].Value!, safe);
                    }
                }
            }
        }

        // Most lines have neither: no list, no enumerator.
        if (ownTexts is not null)
        {
            foreach (var (raw, safe) in ownTexts)
            {
                message = message.Replace(raw, safe, StringComparison.Ordinal);
            }
        }

        foreach (var value in replaced ?? Empty)
        {
            if (value.SecretText is { } secret)
            {
                message = message.Replace(secret, TextScrubber.Redacted, StringComparison.Ordinal);
            }
        }

        return generated ? message : TextScrubber.Scrub(message);
    }

    /// <summary>
    /// Whether <paramref name="state"/> is one of Microsoft.Extensions.Logging's own (the extensions' <c>FormattedLogValues</c>,
    /// <c>LoggerMessage.Define</c>'s), whose formatter writes its template with its values and nothing else.
    /// </summary>
    private static bool IsLoggingState(IReadOnlyList<KeyValuePair<string, object?>> state) =>
        state.GetType().Namespace is "Microsoft.Extensions.Logging";

    /// <summary>
    /// The arguments of the template's holes, each the value of the state entry of its name, safe where it was replaced;
    /// null when a hole has no entry. Found by name, not by position: Microsoft.Extensions.Logging's own state lists the
    /// holes in order, but its [LoggerMessage] generator lists the method's parameters in their order, which is not the
    /// template's when the message names them in another order or leaves one out.
    /// </summary>
    private static object?[]? Arguments(IReadOnlyList<KeyValuePair<string, object?>> state, int count, string template, List<Replaced> replaced)
    {
        if (TemplateMessage.HoleNames(template, count) is not { } names)
        {
            return null;
        }

        var arguments = new object?[names.Length];
        for (var hole = 0; hole < names.Length; hole++)
        {
            var entry = Entry(state, count, names, hole);
            if (entry < 0)
            {
                return null;
            }

            arguments[hole] = state[entry].Value;
            foreach (var (index, safe, _, _) in replaced)
            {
                if (index == entry)
                {
                    arguments[hole] = safe;
                }
            }
        }

        return arguments;
    }

    /// <summary>
    /// The state entry of a hole: the n-th entry of its name for the n-th hole of that name (Microsoft.Extensions.Logging
    /// lists each hole, also a repeated name), else the first of that name, else the first whose name differs only in case;
    /// -1 when there is none.
    /// </summary>
    private static int Entry(IReadOnlyList<KeyValuePair<string, object?>> state, int count, string[] names, int hole)
    {
        var name = names[hole];
        var occurrence = 0;
        for (var i = 0; i < hole; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                occurrence++;
            }
        }

        var first = -1;
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(state[i].Key, name, StringComparison.Ordinal))
            {
                if (occurrence-- == 0)
                {
                    return i;
                }

                first = first < 0 ? i : first;
            }
        }

        if (first >= 0)
        {
            return first;
        }

        for (var i = 0; i < count; i++)
        {
            if (string.Equals(state[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The texts a value may have in a message: its <c>ToString()</c>, and for a collection its elements joined with ", " as
    /// Microsoft.Extensions.Logging writes it (a review found a list of accounts whose ToString() prints a phone number).
    /// </summary>
    private static void AddOwnTexts(ref List<(string Raw, string Safe)>? texts, object value, string safe)
    {
        if (value.ToString() is { Length: > 0 } raw && raw != safe)
        {
            (texts ??= new List<(string, string)>()).Add((raw, safe));
        }

        if (value is IEnumerable items and not string && JoinedLikeLogging(items) is { Length: > 0 } joined && joined != safe)
        {
            (texts ??= new List<(string, string)>()).Add((joined, safe));
        }
    }

    /// <summary>The text <c>LogValuesFormatter</c> writes for an enumerable argument: each element, <c>(null)</c> for null.</summary>
    private static string JoinedLikeLogging(IEnumerable items)
    {
        var builder = new StringBuilder();
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            builder.Append(item ?? "(null)");
            first = false;
        }

        return builder.ToString();
    }
}

/// <summary>One value of a hand-written line the rules replace (<see cref="HandWrittenMessage.Replacements"/>).</summary>
/// <param name="Index">Its position in the state.</param>
/// <param name="Safe">The text written instead.</param>
/// <param name="Secret">Whether it was redacted by its secret name.</param>
/// <param name="SecretText">Its text, removed wherever else it occurs in the message (null: too short or not secret).</param>
internal readonly record struct Replaced(int Index, string Safe, bool Secret, string? SecretText);
