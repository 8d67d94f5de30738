using System;
using Instrumentation.Redaction;

namespace Instrumentation.Funnel;

/// <summary>
/// The sink rules applied to one funnel value where events leave the process (see
/// <see cref="FunnelProperties.SafeValueAt"/>): the same rules as span attributes and log fields, from the same
/// implementation (<see cref="TelemetryValues"/>, <see cref="SecretNames"/>).
/// </summary>
internal static class FunnelRedaction
{
    private static readonly FunnelValue RedactedText = FunnelValue.Text(TextScrubber.Redacted);

    /// <summary>The value held under <paramref name="name"/>, safe to write; the same value when nothing changes.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value as generated code built it.</param>
    public static FunnelValue Safe(string name, FunnelValue value)
    {
        switch (value.Kind)
        {
            case FunnelValueKind.Null:
            case FunnelValueKind.Bool:
            case FunnelValueKind.Enum:
                // Nothing secret is said by a missing value, a flag or a member of a bounded set (the log rule, too).
                return value;
            case FunnelValueKind.Text:
                var text = value.ToString();
                var safe = TelemetryValues.Text(name ?? string.Empty, text);
                return ReferenceEquals(safe, text) ? value : FunnelValue.Text(safe);
            default:
                // A number, Guid, date or duration under a secret name (an apiKey Guid, a numeric pin_token).
                return SecretNames.IsSecret((name ?? string.Empty).AsSpan()) ? RedactedText : value;
        }
    }
}
