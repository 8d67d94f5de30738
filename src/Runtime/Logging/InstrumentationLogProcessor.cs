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
/// formatted message; and replaces the record's log scopes (exported as attributes with <c>IncludeScopes</c>) by copies
/// written by the same rules (<see cref="LogRecordScopes"/>). Add it before the exporter:
/// <c>logging.AddOpenTelemetry(o =&gt; o.AddInstrumentationProcessor().AddOtlpExporter())</c>.
/// </summary>
public sealed class InstrumentationLogProcessor : BaseProcessor<LogRecord>
{
    /// <inheritdoc />
    public override void OnEnd(LogRecord data)
    {
        try
        {
            Process(data);
        }
        catch (Exception)
        {
            // Telemetry never throws into the application, and a record whose redaction failed part way is not exported
            // with what was not redacted yet: its attributes, message and exception are withheld.
            Withhold(data);
        }
    }

    private static void Withhold(LogRecord record)
    {
        record.Attributes = new List<KeyValuePair<string, object?>> { new("instrumentation.redaction_failed", true) };
        record.FormattedMessage = null;
        record.Body = HandWrittenMessage.Withheld;
        record.Exception = null;
        LogRecordScopes.Drop(record);
    }

    private static void Process(LogRecord record)
    {
        CorrelationContext.RequestFrames();
        var source = record.Attributes;
        // A generated log (also when Microsoft's EnableRedaction() wrapped its state): its own fields and its message are
        // redacted and scrubbed already, exactly once; only what others added is processed here.
        var generated = GeneratedLogStates.Of(source);
        var prepared = source as IPreparedLogFields;
        var attributes = new List<KeyValuePair<string, object?>>((source?.Count ?? 0) + 4);
        // The values the rules replace, worked out once for the attributes and the message (an object is rendered once).
        var replaced = HandWrittenMessage.Replacements(source, generated, prepared);
        var next = 0;
        if (source is not null)
        {
            for (var i = 0; i < source.Count; i++)
            {
                var attribute = source[i];
                if ((generated is not null && generated.IsOwnField(attribute.Key)) || (prepared is not null && prepared.IsPrepared(attribute.Key)))
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

                // A secret-named value → [REDACTED]; an object (a hand-written "{Account}", account) → rendered by the log
                // value rules, so its classified members are redacted; any other string → scrubbed.
                if (replaced is not null && next < replaced.Count && replaced[next].Index == i)
                {
                    attribute = new KeyValuePair<string, object?>(attribute.Key, replaced[next++].Safe);
                }
                else if (attribute.Value is string text && attribute.Key != "{OriginalFormat}")
                {
                    attribute = new KeyValuePair<string, object?>(attribute.Key, TextScrubber.Scrub(text));
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
        // Its log scopes, which exporters write as attributes too (IncludeScopes): safe copies.
        LogRecordScopes.Redact(record);
        if (generated is null && record.Body is { } body)
        {
            record.Body = TextScrubber.Scrub(body);
        }

        if (record.FormattedMessage is { } message)
        {
            // The same values replaced in the message (HandWrittenMessage): written again from its template where the
            // state is Microsoft.Extensions.Logging's, so a value is replaced where it stands, whatever format wrote it.
            record.FormattedMessage = HandWrittenMessage.Redact(source, message, replaced, generated is not null);
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
