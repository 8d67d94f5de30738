using System;
using System.ComponentModel;
using Instrumentation.Redaction;
using Microsoft.Extensions.Compliance.Classification;

namespace Instrumentation.Correlation;

/// <summary>
/// One correlation field of an operation (a <see cref="LogFieldAttribute"/> parameter) as generated code captures it:
/// the raw value and the sink rule it needs. The rule runs when a log line first reads the field
/// (<see cref="CorrelationFrame.Get"/>, <see cref="CorrelationFrame.ForEach"/>), once per frame — an operation that
/// writes no log never scrubs, renders or redacts its fields.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct CorrelationField
{
    private readonly object? _value;

    // The parameter name of a Text rule, the boxed DataClassification of a Classification rule, or the generated
    // formatter of a Rendered rule (a slot shared so that the struct — one per field of every operation frame — does
    // not grow for the rare custom taxonomy).
    private readonly object? _detail;
    private readonly Rule _rule;

    private CorrelationField(string name, object? value, object? detail, Rule rule)
    {
        Name = name;
        _value = value;
        _detail = detail;
        _rule = rule;
    }

    private enum Rule : byte
    {
        AsIs,
        Text,
        Object,
        Personal,
        Secret,
        Classification,
        Rendered,
    }

    /// <summary>The field name, for example <c>message_id</c>.</summary>
    public string Name { get; }

    /// <summary>A value written as it is (a number, flag or enum already turned into text; null stays null).</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The text.</param>
    public static CorrelationField AsIs(string name, string? value) => new(name, value, null, Rule.AsIs);

    /// <summary>
    /// An unclassified string: <see cref="TelemetryValues.Text"/> under <paramref name="ruleName"/> (secret-name rule,
    /// then the scrubber) when first read.
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <param name="ruleName">The parameter name the secret-name rule looks at.</param>
    /// <param name="value">The string.</param>
    public static CorrelationField Text(string name, string ruleName, string? value) => new(name, value, ruleName, Rule.Text);

    /// <summary>
    /// An unclassified value of any other type: rendered by <see cref="TelemetryValues.Object{T}(string, T)"/> under the
    /// field's name when first read (a secret-named field holding text in any form is redacted).
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    public static CorrelationField Object(string name, object? value) => new(name, value, null, Rule.Object);

    /// <summary>
    /// An unclassified value of one of the app's own classes, structs or records: rendered, when first read, by the
    /// formatter the generator wrote for its type (the text <see cref="TelemetryValues.Object{T}(string, T)"/> writes,
    /// classified members redacted, without reflection — under NativeAOT the run-time formatter sees no members of a type
    /// the app does not reflect over itself).
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <param name="render">The generated formatter; it is handed <paramref name="value"/> and never null.</param>
    public static CorrelationField Rendered(string name, object? value, Func<object, string?> render) => new(name, value, render, Rule.Rendered);

    /// <summary>A classified value: redacted by the redactor of <paramref name="dataClass"/> when first read.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="dataClass">Its classification.</param>
    /// <param name="value">The value.</param>
    public static CorrelationField Classified(string name, DataClass dataClass, object? value) =>
        new(name, value, null, dataClass == DataClass.Secret ? Rule.Secret : Rule.Personal);

    /// <summary>
    /// A value carrying a Microsoft classification (a team's own taxonomy): redacted, when first read, by the redactor the
    /// app's provider maps <paramref name="classification"/> to (see <see cref="Redactors.Redact{T}(DataClassification, T)"/>).
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <param name="classification">Its Microsoft classification (taxonomy and value).</param>
    /// <param name="value">The value.</param>
    public static CorrelationField Classified(string name, DataClassification classification, object? value) =>
        new(name, value, classification, Rule.Classification);

    /// <summary>Whether there is a value (a field without one writes nothing).</summary>
    internal bool HasValue => _value is not null;

    /// <summary>
    /// True when <paramref name="other"/> resolves to the same text as this field: the same name, rule and rule detail,
    /// and the same value (the same object, or equal strings).
    /// </summary>
    internal bool SameAs(in CorrelationField other) =>
        Name == other.Name
        && _rule == other._rule
        && Equals(_detail, other._detail)
        && (ReferenceEquals(_value, other._value) || (_value is string text && other._value is string otherText && string.Equals(text, otherText, StringComparison.Ordinal)));

    /// <summary>
    /// The safe text of the field (null when the value is null). Never throws: a value whose rendering fails (a
    /// throwing <c>ToString()</c> or redactor) is written as <c>[REDACTED]</c>.
    /// </summary>
    internal string? Resolve()
    {
        try
        {
            return _rule switch
            {
                Rule.Text => TelemetryValues.Text(_detail as string ?? Name, (string?)_value),
                // Under the field's name: a secret-named field holding text in any form (an object, a StringBuilder) is redacted.
                Rule.Object => TelemetryValues.Object(Name, _value),
                Rule.Personal => Redactors.Redact(DataClass.Personal, _value),
                Rule.Secret => Redactors.Redact(DataClass.Secret, _value),
                Rule.Classification => Redactors.Redact(_detail is DataClassification classification ? classification : default, _value),
                Rule.Rendered => _value is null ? null : ((Func<object, string?>)_detail!)(_value),
                _ => (string?)_value,
            };
        }
        catch (Exception)
        {
            return TextScrubber.Redacted;
        }
    }
}
