using System.ComponentModel;
using Instrumentation.Logging;

namespace Instrumentation.Redaction;

/// <summary>
/// The text of an unclassified value on a sink other than a generated log method: span attributes, log and
/// correlation fields, funnel properties. It applies exactly the rules of <see cref="LogValueFormatter"/> (one
/// implementation for every sink): a string under a secret name → <c>[REDACTED]</c>, other strings scrubbed by
/// <see cref="TextScrubber"/>; an object → <c>Type { Member = value, … }</c> with its classified members (at any
/// depth) redacted by their class, never its <c>ToString()</c>. Classified values themselves go through
/// <see cref="Redactors.Redact{T}(DataClass, T)"/>. Generated code calls these only when a span is recorded or a
/// field is captured.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TelemetryValues
{
    /// <summary>An unclassified string held under <paramref name="name"/>: redacted when the name looks secret, scrubbed otherwise.</summary>
    /// <param name="name">The parameter, attribute or field name.</param>
    /// <param name="value">The value (null stays null).</param>
    public static string? Text(string name, string? value) => LogValueFormatter.Text(name, value);

    /// <summary>An unclassified value of any other type, rendered by the log value rules (null stays null).</summary>
    /// <typeparam name="T">The value's static type.</typeparam>
    /// <param name="value">The value.</param>
    public static string? Object<T>(T value) => value is null ? null : LogValueFormatter.Format(value);

    /// <summary>
    /// An unclassified value of any other type held under <paramref name="name"/>: <c>[REDACTED]</c> when the name looks
    /// secret and the value is text or a scalar in any form (a string in an <c>object</c>, a <c>StringBuilder</c>, a
    /// <c>char[]</c>); otherwise rendered by the log value rules (null stays null).
    /// </summary>
    /// <typeparam name="T">The value's static type.</typeparam>
    /// <param name="name">The parameter, attribute or field name.</param>
    /// <param name="value">The value.</param>
    public static string? Object<T>(string name, T value) =>
        value is null ? null : LogValueFormatter.Format(SecretNames.IsSecret(name), value);
}
