using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>What an OpenTelemetry log exporter would receive for one record (copied: records are pooled).</summary>
public sealed record CapturedRecord(
    string? Category,
    LogLevel Level,
    string? FormattedMessage,
    string? Body,
    string TraceId,
    IReadOnlyList<KeyValuePair<string, object?>> Attributes,
    string? ExceptionTypeName,
    string? ExceptionMessage,
    string? ExceptionText)
{
    public IEnumerable<string> Texts()
    {
        yield return FormattedMessage ?? string.Empty;
        yield return Body ?? string.Empty;
        yield return ExceptionMessage ?? string.Empty;
        yield return ExceptionText ?? string.Empty;
        foreach (var pair in Attributes)
        {
            yield return pair.Key + "=" + pair.Value;
        }
    }

    public object? Attribute(string name) => Assert.Single(Attributes, p => p.Key == name).Value;
}

/// <summary>An OpenTelemetry log processor that keeps a copy of every record, as the OTLP exporter would see it.</summary>
public sealed class CapturingLogProcessor : BaseProcessor<LogRecord>
{
    public ConcurrentQueue<CapturedRecord> Records { get; } = new();

    public override void OnEnd(LogRecord data)
    {
        var attributes = new List<KeyValuePair<string, object?>>();
        if (data.Attributes is { } source)
        {
            attributes.AddRange(source);
        }

        Records.Enqueue(new CapturedRecord(
            data.CategoryName,
            data.LogLevel,
            data.FormattedMessage,
            data.Body,
            data.TraceId.ToHexString(),
            attributes,
            data.Exception?.GetType().Name,
            data.Exception?.Message,
            data.Exception?.ToString()));
    }
}
