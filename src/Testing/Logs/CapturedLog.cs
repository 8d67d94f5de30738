using System;
using System.Collections.Generic;
using System.Diagnostics;
using Instrumentation.Testing.Internal;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Instrumentation.Testing;

/// <summary>
/// A log record written in the scope of a <see cref="TelemetryCapture"/>, as an OpenTelemetry exporter receives it:
/// after the SDK's log processor added the correlation fields (<c>org_id</c>, <c>project_id</c>…), redacted the
/// exception and scrubbed the text.
/// </summary>
public sealed class CapturedLog
{
    private CapturedLog(LogRecord record)
    {
        Level = record.LogLevel;
        Category = record.CategoryName ?? string.Empty;
        EventId = record.EventId;
        Message = record.FormattedMessage ?? record.Body ?? string.Empty;
        TraceId = record.TraceId;
        SpanId = record.SpanId;
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (record.Attributes is { } attributes)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Key == "{OriginalFormat}")
                {
                    Template = attribute.Value as string;
                    continue;
                }

                fields[attribute.Key] = attribute.Value;
            }
        }

        Fields = fields;
    }

    /// <summary>The level.</summary>
    public LogLevel Level { get; }

    /// <summary>The logger category (for generated operation logs: <c>Instrumentation.Operations</c>).</summary>
    public string Category { get; }

    /// <summary>The event id.</summary>
    public EventId EventId { get; }

    /// <summary>The formatted (and scrubbed) message.</summary>
    public string Message { get; }

    /// <summary>The message template, when the log had one.</summary>
    public string? Template { get; }

    /// <summary>The trace the log was written in (default outside any span).</summary>
    public ActivityTraceId TraceId { get; }

    /// <summary>The span the log was written in (default outside any span).</summary>
    public ActivitySpanId SpanId { get; }

    /// <summary>The structured fields (state values and correlation fields), without the template.</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; }

    /// <summary>The value of field <paramref name="key"/>.</summary>
    /// <param name="key">The field name, for example <c>org_id</c> or <c>exception.type</c>.</param>
    /// <exception cref="TelemetryAssertionException">The log has no such field; the message lists its fields.</exception>
    public object? Field(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Fields.TryGetValue(key, out var value))
        {
            return value;
        }

        throw new TelemetryAssertionException($"Log '{Message}' has no field '{key}'. Its fields: {TagValues.Format(Fields)}.");
    }

    /// <summary>True when the log has field <paramref name="key"/>.</summary>
    /// <param name="key">The field name.</param>
    public bool HasField(string key) => Fields.ContainsKey(key);

    /// <summary>The log for failure messages.</summary>
    public override string ToString() => $"[{Level}] {Category}: {Message} {TagValues.Format(Fields)}";

    internal static CapturedLog From(LogRecord record) => new(record);
}
