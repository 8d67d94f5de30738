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
            if (!SecretNames.IsSecret(key))
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

        return null;
    }
}
