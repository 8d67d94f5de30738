using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using Instrumentation.Correlation;

namespace Instrumentation.Logging;

/// <summary>
/// The correlation fields of one log line, captured when it is written and enumerated as part of its
/// state, so every provider (OpenTelemetry, console, JSON, files) receives them as ordinary structured fields:
/// <c>trace_id</c> and <c>span_id</c> of <see cref="Activity.Current"/> (W3C ids), then the fields of the running
/// operation's <see cref="CorrelationFrame"/> (<c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>, and
/// <c>request_id</c>, <c>connection_id</c>, <c>message_id</c>, <c>widget_id</c>, <c>flow_id</c>, <c>exec_id</c> or
/// any other <c>[LogField]</c> where the operation has them). Generated log methods and the operation logs
/// capture it after their <c>IsEnabled</c> check only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LogCorrelation
{
    // The activity in force at the call, or null when its ids are not written: its trace and span ids never change,
    // so they are read when a sink enumerates the line (holding the reference keeps this struct small, and the state
    // that embeds it is copied on every ILogger.Log call).
    private readonly Activity? _activity;
    private readonly KeyValuePair<string, object?>[]? _fields;

    private LogCorrelation(Activity? activity, KeyValuePair<string, object?>[]? fields)
    {
        _activity = activity;
        _fields = fields;
    }

    private int ActivityFields => _activity is null ? 0 : 2;

    /// <summary>How many fields there are.</summary>
    public int Count => ActivityFields + (_fields?.Length ?? 0);

    /// <summary>The field at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    /// <param name="index">The position.</param>
    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var activityFields = ActivityFields;
            if (index < activityFields)
            {
                return index == 0
                    ? new KeyValuePair<string, object?>(CorrelationFieldNames.TraceId, _activity!.TraceId.ToHexString())
                    : new KeyValuePair<string, object?>(CorrelationFieldNames.SpanId, _activity!.SpanId.ToHexString());
            }

            var fields = _fields;
            index -= activityFields;
            if (fields is null || (uint)index >= (uint)fields.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return fields[index];
        }
    }

    /// <summary>Captures the fields in force now.</summary>
    public static LogCorrelation Capture() => Capture(null);

    /// <summary>Captures the fields in force now, leaving out names the log line already has.</summary>
    /// <param name="exclude">Field names the caller writes itself (its parameters), or null.</param>
    public static LogCorrelation Capture(string[]? exclude)
    {
        CorrelationContext.RequestFrames();
        var activity = CurrentActivityWatch.Current;
        if (activity is not null && (activity.IdFormat != ActivityIdFormat.W3C
            || Contains(exclude, CorrelationFieldNames.TraceId) || Contains(exclude, CorrelationFieldNames.SpanId)))
        {
            activity = null;
        }

        var fields = CorrelationContext.Current?.Flattened;
        if (fields is not null && exclude is not null)
        {
            fields = Without(fields, exclude);
        }

        return new LogCorrelation(activity, fields is { Length: > 0 } ? fields : null);
    }

    private static bool Contains(string[]? names, string name)
    {
        if (names is null)
        {
            return false;
        }

        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static KeyValuePair<string, object?>[] Without(KeyValuePair<string, object?>[] fields, string[] exclude)
    {
        var kept = 0;
        foreach (var field in fields)
        {
            if (!Contains(exclude, field.Key))
            {
                kept++;
            }
        }

        if (kept == fields.Length)
        {
            return fields;
        }

        var result = new KeyValuePair<string, object?>[kept];
        var i = 0;
        foreach (var field in fields)
        {
            if (!Contains(exclude, field.Key))
            {
                result[i++] = field;
            }
        }

        return result;
    }
}
