using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using Instrumentation.Redaction;

namespace Instrumentation.Logging;

/// <summary>
/// The formatted message of a log the SDK did not generate, with its values replaced by the rules of
/// <see cref="HandWrittenValues"/>. A Microsoft.Extensions.Logging state (its values, then <c>{OriginalFormat}</c>) is
/// formatted again from its template with the safe values (<see cref="TemplateMessage"/>), so a value is replaced where
/// it stands, whatever format or alignment wrote it; any other state gets the values' own texts replaced where they occur.
/// </summary>
internal static class HandWrittenMessage
{
    /// <summary>What a sink writes instead of a message whose redaction failed.</summary>
    public const string Withheld = "[message withheld: its redaction failed]";

    /// <summary>
    /// The safe message. <paramref name="skip"/> names fields already safe (a generated state's own), whose message is
    /// then neither formatted again nor scrubbed.
    /// </summary>
    public static string Redact(IReadOnlyList<KeyValuePair<string, object?>>? state, string message, Func<string, bool>? skip = null)
    {
        string? template = null;
        object?[]? arguments = null;
        List<string>? secretTexts = null;
        List<(string Raw, string Safe)>? ownTexts = null;
        var count = state?.Count ?? 0;
        if (skip is null && count > 0 && state![count - 1] is { Key: "{OriginalFormat}", Value: string originalFormat })
        {
            template = originalFormat;
        }

        for (var i = 0; i < count; i++)
        {
            var (key, value) = (state![i].Key, state[i].Value);
            if (skip?.Invoke(key) == true || HandWrittenValues.Replacement(key, value, out var secret, out var secretText) is not { } safe)
            {
                continue;
            }

            if (secretText is not null)
            {
                (secretTexts ??= new List<string>()).Add(secretText);
            }

            if (template is not null)
            {
                arguments ??= Values(state, count - 1);
                arguments[i] = safe;
            }
            else if (!secret)
            {
                AddOwnTexts(ref ownTexts, value!, safe);
            }
        }

        if (arguments is not null && TemplateMessage.Format(template!, arguments) is { } rewritten)
        {
            message = rewritten;
        }
        else if (arguments is not null)
        {
            // The template did not fit the values: each object's own text is replaced where it occurs.
            for (var i = 0; i < arguments.Length; i++)
            {
                if (HandWrittenValues.Replacement(state![i].Key, state[i].Value, out var secret, out _) is { } safe && !secret)
                {
                    AddOwnTexts(ref ownTexts, state[i].Value!, safe);
                }
            }
        }

        foreach (var (raw, safe) in ownTexts ?? new List<(string, string)>())
        {
            message = message.Replace(raw, safe, StringComparison.Ordinal);
        }

        foreach (var secret in secretTexts ?? new List<string>())
        {
            message = message.Replace(secret, TextScrubber.Redacted, StringComparison.Ordinal);
        }

        return skip is null ? TextScrubber.Scrub(message) : message;
    }

    private static object?[] Values(IReadOnlyList<KeyValuePair<string, object?>> state, int count)
    {
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = state[i].Value;
        }

        return values;
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
