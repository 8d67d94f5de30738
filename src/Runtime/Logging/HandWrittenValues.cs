using System;
using System.Globalization;
using Instrumentation.Redaction;

namespace Instrumentation.Logging;

/// <summary>
/// The redaction rules for one value of a log the SDK did not generate (a hand-written <c>LogInformation</c> call, another
/// library's line), shared by the OpenTelemetry processor and the JSON console so both sinks write the same safe text.
/// </summary>
internal static class HandWrittenValues
{
    /// <summary>Secret texts shorter than this are not searched for elsewhere in a message (they would match anywhere).</summary>
    private const int MinSecretLength = 3;

    /// <summary>
    /// The text that replaces a value in the attributes and the message, or null when the value stays (a plain string is
    /// scrubbed where it is written). A secret-named value becomes <c>[REDACTED]</c> (<paramref name="secret"/>) and
    /// <paramref name="secretText"/> is its text, to be removed wherever else it occurs; an object is rendered by the log value rules, so its classified
    /// members are redacted — except an object whose members need no redaction, which keeps its own text, scrubbed.
    /// </summary>
    public static string? Replacement(string key, object? value, out bool secret, out string? secretText)
    {
        secret = false;
        secretText = null;
        if (value is null || key == "{OriginalFormat}")
        {
            return null;
        }

        if (value is string text)
        {
            if (!SecretNames.IsSecret(key) && !SecretNames.IsCredentialHeader(key))
            {
                return null;
            }

            secret = true;
            secretText = text.Length >= MinSecretLength && text != TextScrubber.Redacted ? text : null;
            return TextScrubber.Redacted;
        }

        if (SecretNames.IsSecretValue(key, value))
        {
            // A secret-named number or Guid: redacted like a string one.
            var formatted = string.Format(CultureInfo.InvariantCulture, "{0}", value);
            secret = true;
            secretText = formatted.Length >= MinSecretLength ? formatted : null;
            return TextScrubber.Redacted;
        }

        if (value is not Enum and not Exception
            && LogValueShapes.Of(value.GetType()) is { Kind: ValueShapeKind.Object or ValueShapeKind.Collection or ValueShapeKind.Pair or ValueShapeKind.Tuple } shape)
        {
            return shape.OwnTextIsSafe ? TextScrubber.Scrub(value.ToString() ?? string.Empty) : LogValueFormatter.Format(value) ?? "null";
        }

        // Any other value an exporter writes as its text (a Uri with a password, a MailAddress, a JsonElement, a
        // StringBuilder, an Exception passed as a value rather than as the record's exception): that text, scrubbed — an
        // exception in its redacted form. The OTLP and console exporters wrote these as they were while the SDK's JSON
        // console, which reads the message, scrubbed the same line (a sinks trial). Numbers, flags, enums, dates and
        // Guids keep their type.
        return value switch
        {
            Exception exception => RedactedException.From(exception)!.ToString(),
            _ when KeepsItsType(value) => null,
            _ => TextScrubber.Scrub(LogValueFormatter.Format(value) ?? string.Empty),
        };
    }

    /// <summary>Values whose text holds no free text: numbers, flags, characters, enums, dates, times, durations and Guids.</summary>
    private static bool KeepsItsType(object value) =>
        value is bool or char or Enum or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly or Guid or Int128 or UInt128 or Half or nint or nuint;
}
