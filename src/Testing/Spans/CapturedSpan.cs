using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Testing.Internal;

namespace Instrumentation.Testing;

/// <summary>
/// A span (a stopped <see cref="System.Diagnostics.Activity"/>) recorded in the scope of a <see cref="TelemetryCapture"/>,
/// with assertions whose failures list what the span carries.
/// </summary>
public sealed class CapturedSpan
{
    private readonly TelemetryCapture _capture;

    internal CapturedSpan(TelemetryCapture capture, Activity activity)
    {
        _capture = capture;
        Activity = activity;
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in activity.TagObjects)
        {
            tags[tag.Key] = tag.Value;
        }

        Tags = tags;
    }

    /// <summary>The recorded activity itself (events, links, baggage, timing).</summary>
    public Activity Activity { get; }

    /// <summary>The span name (<see cref="Activity.OperationName"/>), for example <c>ws.ingest.receive</c>.</summary>
    public string Name => Activity.OperationName;

    /// <summary>The span status: <see cref="ActivityStatusCode.Error"/> for a failed operation.</summary>
    public ActivityStatusCode Status => Activity.Status;

    /// <summary>The span's attributes (tags).</summary>
    public IReadOnlyDictionary<string, object?> Tags { get; }

    /// <summary>The trace this span belongs to.</summary>
    public ActivityTraceId TraceId => Activity.TraceId;

    /// <summary>This span's id.</summary>
    public ActivitySpanId SpanId => Activity.SpanId;

    /// <summary>The parent span id (default for a root span).</summary>
    public ActivitySpanId ParentSpanId => Activity.ParentSpanId;

    /// <summary>The captured span whose id is <see cref="ParentSpanId"/>, or null when the parent was not captured.</summary>
    public CapturedSpan? Parent => _capture.Spans.FirstOrDefault(s => s.SpanId == ParentSpanId && ParentSpanId != default);

    /// <summary>The captured spans whose parent is this span, in the order they ended.</summary>
    public IReadOnlyList<CapturedSpan> Children => _capture.Spans.Where(s => s.ParentSpanId == SpanId).ToList();

    /// <summary>The value of tag <paramref name="key"/>.</summary>
    /// <param name="key">The tag name, for example <c>org_id</c>.</param>
    /// <returns>The value (may be null when the tag was set to null).</returns>
    /// <exception cref="TelemetryAssertionException">The span has no such tag; the message lists its tags.</exception>
    public object? Tag(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Tags.TryGetValue(key, out var value))
        {
            return value;
        }

        throw new TelemetryAssertionException(
            $"Span '{Name}' has no tag '{key}'. Its tags: {TagValues.Format(Tags)}.");
    }

    /// <summary>True when the span has tag <paramref name="key"/>.</summary>
    /// <param name="key">The tag name.</param>
    public bool HasTag(string key) => Tags.ContainsKey(key);

    /// <summary>The span and its tags, for failure messages.</summary>
    public override string ToString() => $"{Name} [{Status}] {TagValues.Format(Tags)}";
}
