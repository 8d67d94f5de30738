using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using Instrumentation.Correlation;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Logging;

/// <summary>
/// Writes one log line as JSON with exactly the field names of the SPEC (§3.3): <c>ts</c> (ISO-8601 UTC,
/// milliseconds), <c>level</c>, <c>msg</c>, <c>logger</c>, the correlation fields of the current operation
/// (<c>request_id</c>, <c>trace_id</c>, <c>span_id</c>, <c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>,
/// <c>widget_id</c>, <c>flow_id</c>, <c>exec_id</c>, <c>connection_id</c>, <c>message_id</c>) and
/// <c>exception_type</c>, <c>exception_message</c> (scrubbed), <c>error_code</c>. Empty fields are omitted. The
/// message of states that are not generated (hand-written <c>LogInformation</c> calls) goes through the free-text
/// scrubber; generated states are built from redacted and scrubbed values already.
/// Used by the console formatter and usable for any text sink (files).
/// </summary>
public static class JsonLogLine
{
    private static readonly string[] CorrelationFields =
    {
        CorrelationFieldNames.RequestId, CorrelationFieldNames.OrgId, CorrelationFieldNames.ProjectId,
        CorrelationFieldNames.DeviceUuid, CorrelationFieldNames.WidgetId, CorrelationFieldNames.FlowId,
        CorrelationFieldNames.ExecId, CorrelationFieldNames.ConnectionId, CorrelationFieldNames.MessageId,
    };

    /// <summary>Writes the line (with a trailing newline) to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, DateTimeOffset timestamp, LogLevel level, string category, string? message, Exception? exception, bool messageIsRedacted)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("ts", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(level));
            if (!string.IsNullOrEmpty(message))
            {
                json.WriteString("msg", messageIsRedacted ? message : TextScrubber.Scrub(message));
            }

            json.WriteString("logger", category);
            CorrelationContext.RequestFrames();
            var frame = CorrelationContext.Current;
            WriteIfPresent(json, CorrelationFieldNames.RequestId, frame?.Get(CorrelationFieldNames.RequestId));
            var activity = Activity.Current;
            if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
            {
                json.WriteString(CorrelationFieldNames.TraceId, activity.TraceId.ToHexString());
                json.WriteString(CorrelationFieldNames.SpanId, activity.SpanId.ToHexString());
            }

            if (frame is not null)
            {
                foreach (var name in CorrelationFields)
                {
                    if (name != CorrelationFieldNames.RequestId)
                    {
                        WriteIfPresent(json, name, frame.Get(name));
                    }
                }
            }

            if (RedactedException.From(exception) is { } redacted)
            {
                json.WriteString("exception_type", redacted.OriginalTypeName);
                WriteIfPresent(json, "exception_message", redacted.Message);
                WriteIfPresent(json, "error_code", redacted.ErrorCode);

                // Beyond SPEC §3.3's error fields: without it, a crash on the console had no stack trace (the plain
                // console prints one; a newcomer's worker lost it). The redacted form: inner exceptions' messages are
                // redacted too, and the frames name code, never data.
                if (!string.IsNullOrEmpty(redacted.StackTrace) || redacted.InnerException is not null)
                {
                    json.WriteString("exception_stacktrace", redacted.ToString());
                }
            }

            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        writer.Write('\n');
    }

    /// <summary>The level names used in the <c>level</c> field.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
