using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Instrumentation.Operations;
using Instrumentation.Redaction;

namespace Instrumentation.Logging;

/// <summary>
/// Turns the values given to log methods into text that is safe for every sink. Generated log methods call it;
/// its rules are the contract of what a log line may contain:
/// <list type="bullet">
/// <item>classified values (<see cref="PersonalDataAttribute"/>, <see cref="SecretDataAttribute"/>) → the redactor of their class;</item>
/// <item>unclassified strings → the free-text scrubber (<see cref="TextScrubber"/>), or <c>[REDACTED]</c> when their
/// name looks secret (<c>password</c>, <c>client_secret</c>, <c>refreshToken</c>…); <see cref="NonSensitiveDataAttribute"/> opts a string out;</item>
/// <item>numbers, enums, dates, times, GUIDs → invariant text;</item>
/// <item>objects (classes, structs, records) → <c>Type { Member = value, … }</c> over public properties and fields,
/// base type first, each member by these same rules; their <c>ToString()</c> is never called. Collections → <c>[a, b, …]</c>
/// (materialized collections only, at most <see cref="MaxItems"/> items); dictionaries → <c>[key: value, …]</c>; tuples →
/// <c>(a, b)</c>. Other framework types → their text, scrubbed;</item>
/// <item>beyond <see cref="MaxDepth"/> levels, on a reference cycle, for lazy sequences, delegates and other framework generic
/// types, and when a property getter throws → a placeholder <c>Type { … }</c> that contains no value; past
/// <see cref="MaxLength"/> characters nothing more is expanded (<c>…</c>).</item>
/// </list>
/// The generator renders the types it can see completely at compile time; values whose run-time type is not known
/// statically (<c>object</c>, interfaces, abstract or derived types, collections) are rendered here by reflection over
/// the run-time type, whose members and classifications are read once per type and cached.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LogValueFormatter
{
    /// <summary>How many object levels are rendered below a logged value before the placeholder.</summary>
    public const int MaxDepth = 6;

    /// <summary>How many items of a collection are rendered.</summary>
    public const int MaxItems = 16;

    /// <summary>
    /// The length past which a rendered value expands nothing more: further members, items and objects become
    /// <c>…</c>. Depth and item limits alone allowed 16 items on each of 6 levels — a nested document or object graph
    /// rendered to millions of items per log line or span attribute (Newtonsoft.Json's <c>JToken</c> arguments, tagged
    /// wholesale, ran its suite for minutes). Text already appended stays whole, so the value can end a little past it.
    /// </summary>
    public const int MaxLength = 8192;

    private const string Ellipsis = "…";

    /// <summary>
    /// How far past what is written a cut text is still scrubbed: longer than any e-mail address, card or social security
    /// number, URL password or key=value secret the scrubber replaces (a bearer token or an unclosed quoted secret is
    /// replaced from its start however long it is).
    /// </summary>
    private const int ScrubMargin = 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    [ThreadStatic]
    private static List<object>? t_ancestors;

    /// <summary>Renders any value by the rules above (null stays null).</summary>
    /// <param name="value">The value.</param>
    public static string? Format(object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value is string text)
        {
            return TextScrubber.Scrub(text);
        }

        return Render(value, static (builder, v, depth) => AppendValue(builder, v, depth), null);
    }

    /// <summary>
    /// A value of any other type held under a name checked once (<see cref="IsSecretName"/>): <c>[REDACTED]</c> under a
    /// secret name when the value is text or a scalar in any form (a string in an <c>object</c>, a <c>StringBuilder</c>,
    /// <c>char[]</c> or <c>string[]</c>, a Guid or number), as a hand-written line's value and a rendered member under
    /// that name are; an object of the app's is rendered member by member (<see cref="Format(object?)"/>), each by its
    /// own name.
    /// </summary>
    /// <param name="secretName">What <see cref="IsSecretName"/> returned for the value's name.</param>
    /// <param name="value">The value (null stays null).</param>
    public static string? Format(bool secretName, object? value) =>
        secretName && value is not null && SecretNames.HoldsText(value) ? TextScrubber.Redacted : Format(value);

    /// <summary>An unclassified string: <c>[REDACTED]</c> when its name looks secret, otherwise scrubbed.</summary>
    /// <param name="name">The parameter or member name.</param>
    /// <param name="value">The value.</param>
    public static string? Text(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return SecretNames.IsSecret(name) ? TextScrubber.Redacted : TextScrubber.Scrub(value);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a secret name (<c>password</c>, <c>client_secret</c>, <c>refreshToken</c>…).
    /// Generated log methods read it once per parameter into a <c>static readonly</c> field, so a call pays nothing for it.
    /// </summary>
    /// <param name="name">The parameter or member name.</param>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretNames.IsSecret(name);
    }

    /// <summary>
    /// An unclassified string whose name was checked once (<see cref="IsSecretName"/>): <c>[REDACTED]</c> under a
    /// secret name, otherwise scrubbed; the same result as <see cref="Text(string, string?)"/>.
    /// </summary>
    /// <param name="secretName">What <see cref="IsSecretName"/> returned for the value's name.</param>
    /// <param name="value">The value (null stays null).</param>
    public static string? Text(bool secretName, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return secretName ? TextScrubber.Redacted : TextScrubber.Scrub(value);
    }

    /// <summary>
    /// The structured value of a placeholder written against its template's text (<c>{user}@example.org</c>): scrubbed
    /// together with that text, so that a sink rendering the template from the fields writes nothing the scrubbed message
    /// does not. When a replacement takes in both the value and the text (they make one e-mail address), the value is
    /// <c>[REDACTED]</c>; otherwise it is the value as scrubbed there. Generated log methods call it only for such
    /// placeholders.
    /// </summary>
    /// <param name="before">The template's literal text right before the placeholder.</param>
    /// <param name="value">The value (null stays null).</param>
    /// <param name="after">The template's literal text right after the placeholder.</param>
    public static string? TextBetween(string before, string? value, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (value is null)
        {
            return null;
        }

        var scrubbed = TextScrubber.Scrub(string.Concat(before, value, after));
        return scrubbed.Length >= before.Length + after.Length
            && scrubbed.StartsWith(before, StringComparison.Ordinal)
            && scrubbed.EndsWith(after, StringComparison.Ordinal)
            ? TextScrubber.Scrub(scrubbed.Substring(before.Length, scrubbed.Length - before.Length - after.Length))
            : TextScrubber.Redacted;
    }

    /// <summary>
    /// The structured value of one of several placeholders written against each other (<c>{key}={value}</c>,
    /// <c>SSN {area}-{group}-{serial}</c>, <c>{a}{b}</c>): the message is scrubbed whole, and a field may show its value
    /// only where the scrubbed message shows it, at its place. So the value is kept (scrubbed alone) when the scrubbed
    /// text still starts with everything up to and including it, or still ends with it and everything after, or when
    /// writing a neutral probe in its place leaves the probe standing and changes nothing else; otherwise (it is part of
    /// a secret, an address or a number the scrubber replaced) it is <c>[REDACTED]</c>. Generated log methods call it
    /// only for such placeholders (INS0107); a value glued to literal text alone is read with <see cref="TextBetween"/>.
    /// </summary>
    /// <param name="index">Which of <paramref name="values"/> to read.</param>
    /// <param name="literals">The template's literal text around the values: before the first, between each two, after the last.</param>
    /// <param name="values">The values, as the message reads them (a null is written <c>(null)</c>, as in the message).</param>
    public static string? GluedValue(int index, string[] literals, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(literals);
        ArgumentNullException.ThrowIfNull(values);
        if (literals.Length != values.Length + 1 || (uint)index >= (uint)values.Length)
        {
            throw new ArgumentException("Expected one literal more than values and an index among the values.", nameof(literals));
        }

        var value = values[index];
        if (value is null)
        {
            return null;
        }

        var before = Glue(literals, values, 0, index);
        var after = Glue(literals, values, index + 1, values.Length);
        var whole = string.Concat(before, value, after);
        var scrubbed = TextScrubber.Scrub(whole);
        if (ReferenceEquals(scrubbed, whole)
            || scrubbed.StartsWith(before + value, StringComparison.Ordinal)
            || scrubbed.EndsWith(value + after, StringComparison.Ordinal))
        {
            return TextScrubber.Scrub(value);
        }

        if (value.Contains(GlueProbe, StringComparison.Ordinal))
        {
            return TextScrubber.Redacted;
        }

        var probed = TextScrubber.Scrub(string.Concat(before, GlueProbe, after));
        var at = probed.IndexOf(GlueProbe, StringComparison.Ordinal);
        return at >= 0
            && probed.IndexOf(GlueProbe, at + GlueProbe.Length, StringComparison.Ordinal) < 0
            && string.Equals(string.Concat(probed.AsSpan(0, at), value, probed.AsSpan(at + GlueProbe.Length)), scrubbed, StringComparison.Ordinal)
            ? TextScrubber.Scrub(value)
            : TextScrubber.Redacted;
    }

    // Joins no match: noncharacters are neither letters, digits nor separators any rule reads (a secret's bare value can
    // take it in, which the probe test sees: the probe is gone).
    private const string GlueProbe = "\uFFFF\uFFFE";

    // The literal at `from`, then each value from `from` to `to` (exclusive) followed by the literal after it.
    private static string Glue(string[] literals, string?[] values, int from, int to)
    {
        var builder = new StringBuilder(literals[from]);
        for (var i = from; i < to; i++)
        {
            builder.Append(values[i] ?? "(null)").Append(literals[i + 1]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Renders <paramref name="value"/> with a generated formatter into a pooled builder. If the formatter throws
    /// (a property getter failed), the placeholder of <paramref name="typeName"/> is returned instead.
    /// </summary>
    /// <typeparam name="T">The value's static type.</typeparam>
    /// <param name="value">The value (null stays null).</param>
    /// <param name="format">The formatter.</param>
    /// <param name="typeName">The type name for the placeholder.</param>
    public static string? Render<T>(T value, Action<StringBuilder, T, int> format, string? typeName)
    {
        if (value is null)
        {
            return null;
        }

        var builder = t_builder ?? new StringBuilder(128);
        t_builder = null;
        // Rendering reads getters and enumerates collections — the app's code, which may call annotated methods; their
        // spans would be recorded and their own attributes rendered in turn (Newtonsoft.Json with every JToken parameter
        // a span attribute: each rendering started spans of JToken getters that rendered more tokens).
        SdkCallout.Enter();
        try
        {
            format(builder, value, 0);
            return builder.ToString();
        }
        catch (Exception)
        {
            t_ancestors?.Clear();
            return Placeholder(typeName ?? TypeNames.Friendly(value.GetType()));
        }
        finally
        {
            SdkCallout.Exit();
            if (builder.Capacity <= 4096)
            {
                builder.Clear();
                t_builder = builder;
            }
        }
    }

    /// <summary>The text that stands for an object that is not rendered: <c>Type { … }</c>.</summary>
    /// <param name="typeName">The type name.</param>
    public static string Placeholder(string typeName) => typeName.Length == 0 ? "{ " + Ellipsis + " }" : typeName + " { " + Ellipsis + " }";

    /// <summary>
    /// Starts an object: appends <c>Type {</c> and returns true, or, at <see cref="MaxDepth"/>, appends the placeholder
    /// and returns false.
    /// </summary>
    /// <param name="builder">The text so far.</param>
    /// <param name="typeName">The type name.</param>
    /// <param name="depth">The object's level below the logged value.</param>
    public static bool BeginObject(StringBuilder builder, string typeName, int depth)
    {
        if (depth >= MaxDepth || builder.Length >= MaxLength)
        {
            builder.Append(Placeholder(typeName));
            return false;
        }

        builder.Append(typeName).Append(typeName.Length == 0 ? "{" : " {");
        return true;
    }

    /// <summary>Appends an unclassified string member (see <see cref="Text(string, string?)"/>).</summary>
    /// <param name="builder">The text so far.</param>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public static void AppendText(StringBuilder builder, string name, string? value)
    {
        if (value is null)
        {
            builder.Append("null");
        }
        else if (SecretNames.IsSecret(name))
        {
            builder.Append(TextScrubber.Redacted);
        }
        else
        {
            AppendScrubbed(builder, value);
        }
    }

    /// <summary>
    /// Appends free text inside a rendered value, scrubbed and within <see cref="MaxLength"/>: a long text (a whole
    /// document held by a parser's state: Markdig's <c>StringSlice.Text</c>, rendered with every tagged span, spent its
    /// suite in the scrubber) is scrubbed only as far as it can be written plus <see cref="ScrubMargin"/> characters,
    /// so a secret, address or number that starts in the written part is seen whole; what is written ends with <c>…</c>.
    /// </summary>
    private static void AppendScrubbed(StringBuilder builder, string text)
    {
        var room = MaxLength - builder.Length;
        if (text.Length <= room)
        {
            builder.Append(TextScrubber.Scrub(text));
            return;
        }

        if (room <= 0)
        {
            builder.Append(Ellipsis);
            return;
        }

        var scrubbed = TextScrubber.Scrub(text.Substring(0, Math.Min(text.Length, room + ScrubMargin)));
        builder.Append(scrubbed, 0, CutAt(scrubbed, room)).Append(Ellipsis);
    }

    /// <summary>
    /// How many characters of <paramref name="text"/> to keep for at most <paramref name="room"/>: one fewer where the
    /// cut would split a surrogate pair (a lone surrogate is not text an exporter can encode).
    /// </summary>
    private static int CutAt(string text, int room)
    {
        var length = Math.Min(text.Length, Math.Max(room, 0));
        return length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
    }

    /// <summary>Appends a string marked <see cref="NonSensitiveDataAttribute"/> as it is.</summary>
    /// <param name="builder">The text so far.</param>
    /// <param name="value">The value.</param>
    public static void AppendSafe(StringBuilder builder, string? value)
    {
        var room = MaxLength - builder.Length;
        if (value is not null && value.Length > room)
        {
            builder.Append(value, 0, CutAt(value, room)).Append(Ellipsis);
            return;
        }

        builder.Append(value ?? "null");
    }

    /// <summary>Appends a number, enum, date, time or other framework value type, invariantly.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="value">The value.</param>
    public static void AppendScalar<T>(StringBuilder builder, T value)
        where T : struct => builder.Append(CultureInfo.InvariantCulture, $"{value}");

    /// <summary>
    /// Appends a member that is a number, enum, date, time or other framework value type: <c>[REDACTED]</c> when
    /// its name is a secret name (a numeric <c>PinToken</c>, a Guid <c>ApiKey</c>), invariantly otherwise.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public static void AppendScalar<T>(StringBuilder builder, string name, T value)
        where T : struct
    {
        if (SecretNames.IsSecret(name) && SecretNames.IsSecretValue(name, value))
        {
            builder.Append(TextScrubber.Redacted);
        }
        else
        {
            AppendScalar(builder, value);
        }
    }

    /// <summary>Appends a nullable member of a framework value type; see <see cref="AppendScalar{T}(StringBuilder, string, T)"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public static void AppendScalar<T>(StringBuilder builder, string name, T? value)
        where T : struct
    {
        if (value.HasValue)
        {
            AppendScalar(builder, name, value.GetValueOrDefault());
        }
        else
        {
            builder.Append("null");
        }
    }

    /// <summary>Appends a nullable number, enum, date, time or other framework value type, invariantly.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="value">The value.</param>
    public static void AppendScalar<T>(StringBuilder builder, T? value)
        where T : struct
    {
        if (value.HasValue)
        {
            AppendScalar(builder, value.GetValueOrDefault());
        }
        else
        {
            builder.Append("null");
        }
    }

    /// <summary>Appends the redacted text of a classified value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="classification">The data class.</param>
    /// <param name="value">The value.</param>
    public static void AppendRedacted<T>(StringBuilder builder, DataClass classification, T value) =>
        builder.Append(Redactors.Redact(classification, value) ?? "null");

    /// <summary>Appends the redacted text of a value carrying a Microsoft classification (a team's own taxonomy).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The text so far.</param>
    /// <param name="classification">The Microsoft classification (taxonomy and value).</param>
    /// <param name="value">The value.</param>
    public static void AppendRedacted<T>(StringBuilder builder, Microsoft.Extensions.Compliance.Classification.DataClassification classification, T value) =>
        builder.Append(Redactors.Redact(classification, value) ?? "null");

    /// <summary>Appends any value, deciding by its run-time type (see the rules on <see cref="LogValueFormatter"/>).</summary>
    /// <param name="builder">The text so far.</param>
    /// <param name="value">The value.</param>
    /// <param name="depth">The value's level below the logged value.</param>
    public static void AppendValue(StringBuilder builder, object? value, int depth)
    {
        if (value is not null && builder.Length >= MaxLength)
        {
            builder.Append(Ellipsis);
            return;
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string text:
                AppendScrubbed(builder, text);
                return;
            case char[] characters:
                // Text held in an array (a password read into a char[]): written and scrubbed as the text it is; element
                // by element, "[p, a, s, s, w, o, r, d, =, …]" went past the scrubber (a security review).
                AppendScrubbed(builder, new string(characters));
                return;
            case byte[] bytes:
                // Raw bytes say nothing a reader can use, and element by element they decode to whatever they hold (a
                // security review read "password=…" back from "[112, 97, 115, …]"): only their count.
                builder.Append("byte[").Append(bytes.Length).Append(']');
                return;
            case Enum:
                builder.Append(value.ToString());
                return;
            case Exception exception:
                builder.Append(RedactedException.From(exception)!.ToStringWithoutStackTrace());
                return;
            case Delegate:
                builder.Append(Placeholder(TypeNames.Friendly(value.GetType())));
                return;
            case System.Net.Mail.MailAddress address:
                // Personal data by its type (INS1010 says so): the scrubber found its address but kept its display name
                // ("Ada Canarylace" <[EMAIL]>, a sinks trial). The personal-data redactor takes it whole.
                builder.Append(Redactors.Redact(DataClass.Personal, address.ToString()) ?? "null");
                return;
        }

        var type = value.GetType();
        var shape = LogValueShapes.Of(type);
        if (shape.Classification != 0)
        {
            // The type itself is classified ([HealthData] class Diagnosis): the value is written redacted whole.
            if (shape.Foreign is { } foreign && shape.Classification == 1)
            {
                AppendRedacted(builder, foreign, value.ToString());
            }
            else
            {
                AppendRedacted(builder, (DataClass)shape.Classification, value);
            }

            return;
        }

        switch (shape.Kind)
        {
            case ValueShapeKind.Scalar when value is IFormattable or bool or char:
                builder.Append(ScalarText(value));
                return;
            case ValueShapeKind.Scalar:
                // A framework struct that is no number, date or Guid writes free text: a JsonElement its whole JSON
                // document (a security review: passwords, cards and bearer tokens in it were written as they were).
                AppendScrubbed(builder, value.ToString() ?? string.Empty);
                return;
            case ValueShapeKind.FrameworkText:
                AppendScrubbed(builder, value.ToString() ?? string.Empty);
                return;
            case ValueShapeKind.Opaque:
                builder.Append(Placeholder(shape.Name));
                return;
        }

        if (depth >= MaxDepth)
        {
            builder.Append(shape.Kind == ValueShapeKind.Collection ? "[" + Ellipsis + "]" : Placeholder(shape.Name));
            return;
        }

        var ancestors = t_ancestors ??= new List<object>();
        if (!type.IsValueType)
        {
            foreach (var ancestor in ancestors)
            {
                if (ReferenceEquals(ancestor, value))
                {
                    builder.Append(Placeholder(shape.Name));
                    return;
                }
            }
        }

        ancestors.Add(value);
        try
        {
            switch (shape.Kind)
            {
                case ValueShapeKind.Collection:
                    AppendCollection(builder, (IEnumerable)value, depth);
                    break;
                case ValueShapeKind.Pair:
                    AppendPair(builder, shape, value, depth);
                    break;
                case ValueShapeKind.Tuple:
                    AppendTuple(builder, (ITuple)value, depth);
                    break;
                default:
                    AppendObject(builder, shape, value, depth);
                    break;
            }
        }
        finally
        {
            ancestors.RemoveAt(ancestors.Count - 1);
        }
    }

    private static void AppendCollection(StringBuilder builder, IEnumerable items, int depth)
    {
        builder.Append('[');
        var count = 0;
        foreach (var item in items)
        {
            if (count > 0)
            {
                builder.Append(", ");
            }

            if (count == MaxItems || builder.Length >= MaxLength)
            {
                builder.Append(Ellipsis);
                break;
            }

            AppendValue(builder, item, depth + 1);
            count++;
        }

        builder.Append(']');
    }

    private static void AppendPair(StringBuilder builder, LogValueShape shape, object pair, int depth)
    {
        var key = shape.Members[0].Read(pair);
        var value = shape.Members[1].Read(pair);
        AppendValue(builder, key, depth + 1);
        builder.Append(": ");
        if (key is string name && SecretNames.IsSecretValue(name, value))
        {
            builder.Append(TextScrubber.Redacted);
        }
        else
        {
            AppendValue(builder, value, depth + 1);
        }
    }

    private static void AppendTuple(StringBuilder builder, ITuple tuple, int depth)
    {
        builder.Append('(');
        for (var i = 0; i < tuple.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            AppendValue(builder, tuple[i], depth + 1);
        }

        builder.Append(')');
    }

    private static void AppendObject(StringBuilder builder, LogValueShape shape, object value, int depth)
    {
        BeginObject(builder, shape.Name, depth);
        var first = true;
        foreach (var member in shape.Members)
        {
            if (builder.Length >= MaxLength)
            {
                // Past the budget no further member is read (a getter is user code) or written.
                builder.Append(first ? " " : ", ").Append(Ellipsis);
                break;
            }

            builder.Append(first ? " " : ", ").Append(member.Name).Append(" = ");
            first = false;
            var memberValue = member.Read(value);
            if (member.Foreign is { } foreign && member.Classification == 1)
            {
                builder.Append(Redactors.Redact(foreign, memberValue is null ? null : memberValue is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : memberValue.ToString()) ?? "null");
            }
            else if (member.Classification != 0)
            {
                AppendRedacted(builder, (DataClass)member.Classification, memberValue);
            }
            else if (!member.IsNonSensitive && memberValue is not string && (SecretNames.IsSecretValue(member.Name, memberValue) || (member.HoldsSecretElements && memberValue is not null)))
            {
                builder.Append(TextScrubber.Redacted);
            }
            else if (memberValue is string text)
            {
                if (member.IsNonSensitive)
                {
                    AppendSafe(builder, text);
                }
                else
                {
                    AppendText(builder, member.Name, text);
                }
            }
            else
            {
                AppendValue(builder, memberValue, depth + 1);
            }
        }

        builder.Append(" }");
    }

    /// <summary>
    /// A scalar's text, independent of the app's culture: dates and times (also <see cref="DateOnly"/> and
    /// <see cref="TimeOnly"/>) in ISO 8601 with their offset or kind
    /// (<c>"O"</c>, as funnel properties have them), not the invariant culture's <c>MM/dd/yyyy HH:mm:ss</c>, which drops
    /// the time zone and reads as day/month in most of the world; other values through <see cref="IFormattable"/> with
    /// the invariant culture.
    /// </summary>
    private static string? ScalarText(object value) => value switch
    {
        DateTime dateTime => dateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dateTimeOffset => dateTimeOffset.ToString("O", CultureInfo.InvariantCulture),

        // A date alone and a time of day too: the invariant culture wrote "03/04/2026" (month first) and "05:06" (no
        // seconds); "O" is "2026-03-04" and "05:06:07.0000000".
        DateOnly date => date.ToString("O", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
