using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.Redaction;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Instrumentation.Logging;

/// <summary>
/// An OpenTelemetry log processor for every log record, including hand-written <c>ILogger</c> calls and
/// third-party libraries: adds the correlation fields of the running operation (<c>org_id</c>, <c>project_id</c>,
/// <c>message_id</c>…; the record has trace and span ids natively) that the record does not carry yet; replaces an
/// exception by the <c>exception.type</c> (original type), <c>exception.message</c> (redacted) and
/// <c>exception.stacktrace</c> attributes and drops the exception object, so no exporter ships its raw message;
/// scrubs string attribute values and the formatted message with <see cref="TextScrubber"/>, and redacts string
/// attributes whose key looks secret (<c>password</c>, <c>client_secret</c>…) — also where their value appears in the
/// formatted message. Add it before the exporter:
/// <c>logging.AddOpenTelemetry(o =&gt; o.AddInstrumentationProcessor().AddOtlpExporter())</c>.
/// </summary>
public sealed class InstrumentationLogProcessor : BaseProcessor<LogRecord>
{
    private const int MinSecretLength = 3;

    /// <inheritdoc />
    public override void OnEnd(LogRecord data)
    {
        try
        {
            Process(data);
        }
        catch (Exception)
        {
            // Telemetry never throws into the application.
        }
    }

    /// <summary>The text <c>LogValuesFormatter</c> writes for an enumerable argument: each element, <c>(null)</c> for null.</summary>
    private static string JoinedLikeLogging(System.Collections.IEnumerable items)
    {
        var builder = new System.Text.StringBuilder();
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

    private static void Process(LogRecord record)
    {
        CorrelationContext.RequestFrames();
        var source = record.Attributes;
        // A generated log (also when Microsoft's EnableRedaction() wrapped its state): its own fields and its message are
        // redacted and scrubbed already, exactly once; only what others added is processed here.
        var generated = GeneratedLogStates.Of(source);
        var attributes = new List<KeyValuePair<string, object?>>((source?.Count ?? 0) + 4);
        List<string>? secretValues = null;
        List<(string Raw, string Safe)>? rendered = null;
        if (source is not null)
        {
            for (var i = 0; i < source.Count; i++)
            {
                var attribute = source[i];
                if (generated is not null && generated.IsOwnField(attribute.Key))
                {
                    attributes.Add(attribute);
                    continue;
                }

                if (attribute.Key == "{OriginalFormat}" && generated is null && attribute.Value is string template)
                {
                    // The OTLP exporter sends the template as the record's body: a hand-written message without
                    // placeholders (a literal or an interpolated string) is all text, and went out in clear (found by a
                    // newcomer's trial: "password=hunter2 for bob@example.com" in the exported body).
                    attributes.Add(new KeyValuePair<string, object?>(attribute.Key, TextScrubber.Scrub(template)));
                    continue;
                }

                if (attribute.Value is not string and not null && attribute.Key != "{OriginalFormat}" && SecretNames.IsSecretValue(attribute.Key, attribute.Value))
                {
                    // A secret-named number or Guid: redacted like a string one, and removed from the message too.
                    var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", attribute.Value);
                    if (text.Length >= MinSecretLength)
                    {
                        (secretValues ??= new List<string>()).Add(text);
                    }

                    attribute = new KeyValuePair<string, object?>(attribute.Key, TextScrubber.Redacted);
                }
                else if (attribute.Value is string text && attribute.Key != "{OriginalFormat}")
                {
                    var secret = SecretNames.IsSecret(attribute.Key);
                    if (secret && text.Length >= MinSecretLength && text != TextScrubber.Redacted)
                    {
                        (secretValues ??= new List<string>()).Add(text);
                    }

                    attribute = new KeyValuePair<string, object?>(attribute.Key, secret ? TextScrubber.Redacted : TextScrubber.Scrub(text));
                }
                else if (attribute.Value is { } value and not Enum and not Exception && attribute.Key != "{OriginalFormat}"
                    && LogValueShapes.Of(value.GetType()) is { Kind: ValueShapeKind.Object or ValueShapeKind.Collection or ValueShapeKind.Pair or ValueShapeKind.Tuple } shape)
                {
                    // An object (a hand-written "{Account}", account): rendered by the log value rules, so its classified
                    // members are redacted; its ToString() in the message is replaced by the same text. An object whose
                    // members need no redaction keeps its own ToString(), scrubbed, as the library that logged it wrote it.
                    var safe = shape.OwnTextIsSafe ? TextScrubber.Scrub(value.ToString() ?? string.Empty) : LogValueFormatter.Format(value) ?? "null";
                    if (value.ToString() is { Length: > 0 } raw && raw != safe)
                    {
                        (rendered ??= new List<(string, string)>()).Add((raw, safe));
                    }

                    // A collection reaches the message as Microsoft.Extensions.Logging writes it — its elements' ToString()
                    // joined with ", " — not as its own ToString(): replaced too (a review found a list of accounts whose
                    // ToString() prints a phone number leaking through the message).
                    if (shape.Kind == ValueShapeKind.Collection && value is System.Collections.IEnumerable items && JoinedLikeLogging(items) is { Length: > 0 } joined && joined != safe)
                    {
                        (rendered ??= new List<(string, string)>()).Add((joined, safe));
                    }

                    attribute = new KeyValuePair<string, object?>(attribute.Key, safe);
                }

                attributes.Add(attribute);
            }
        }

        if (record.Exception is { } exception)
        {
            var redacted = RedactedException.From(exception)!;
            AddMissing(attributes, "exception.type", redacted.OriginalTypeName);
            if (redacted.Message.Length > 0)
            {
                AddMissing(attributes, "exception.message", redacted.Message);
            }

            AddMissing(attributes, "exception.stacktrace", redacted.ToString());
            record.Exception = null;
        }

        if (CorrelationContext.Current is { } frame)
        {
            foreach (var field in frame.Flattened)
            {
                AddMissing(attributes, field.Key, field.Value);
            }
        }

        record.Attributes = attributes;
        if (generated is null && record.Body is { } body)
        {
            record.Body = TextScrubber.Scrub(body);
        }

        if (record.FormattedMessage is { } message)
        {
            // The values of secret-named arguments are removed from the message too ("login {password}").
            foreach (var (raw, safe) in rendered ?? Enumerable.Empty<(string, string)>())
            {
                message = message.Replace(raw, safe, StringComparison.Ordinal);
            }

            foreach (var value in secretValues ?? Enumerable.Empty<string>())
            {
                message = message.Replace(value, TextScrubber.Redacted, StringComparison.Ordinal);
            }

            record.FormattedMessage = generated is null ? TextScrubber.Scrub(message) : message;
        }
    }

    private static void AddMissing(List<KeyValuePair<string, object?>> attributes, string key, object? value)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return;
            }
        }

        attributes.Add(new KeyValuePair<string, object?>(key, value));
    }
}
