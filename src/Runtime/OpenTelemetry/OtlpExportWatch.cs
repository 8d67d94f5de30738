using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Tells the app's log when OpenTelemetry's OTLP exporter fails. The exporter reports a refused connection, an HTTP
/// error status or a timeout only on its own <see cref="EventSource"/>, which nothing
/// listens to by default: a wrong <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or protocol lost every span, metric and log
/// without a word. This listener turns the exporter's warnings and errors into one warning line per kind of problem
/// and endpoint, then a count of the repeats at most every <see cref="RepeatEvery"/>, and an information line when an
/// export to a failing endpoint succeeds again.
/// </summary>
/// <remarks>
/// Lines are written from a thread-pool work item, never from the exporter's own thread: with a simple (not batched)
/// log exporter, writing there would export the warning inside the failing export. What is still queued when the host
/// disposes the watch is written then, so a failure in the providers' last flush (a short console app exports only
/// then) still reaches the console.
/// </remarks>
internal sealed class OtlpExportWatch : EventListener
{
    /// <summary>The name of OpenTelemetry's OTLP exporter event source.</summary>
    public const string SourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";

    /// <summary>How often a problem that goes on is reported again, with the number of repeats.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(5);

    /// <summary>The exporter's event for a completed export (Informational).</summary>
    private const int ExportSuccessEventId = 21;

    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _pending = new();
    private readonly Dictionary<string, Problem> _problems = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private ILogger? _logger;
    private TimeProvider? _clock;
    private int _draining;

    /// <summary>Starts listening; lines go to <paramref name="logger"/>.</summary>
    public OtlpExportWatch(ILogger logger, TimeProvider clock)
    {
        // The base constructor already offered the existing event sources (OnEventSourceCreated runs before this body).
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        SpinWait.SpinUntil(() => Volatile.Read(ref _draining) == 0, TimeSpan.FromSeconds(1));
        Drain();
        _logger = null;
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            // Informational for ExportSuccess (once per export, not per item); the rest of that level is ignored.
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        try
        {
            if (_clock is not { } clock || eventData.EventSource.Name != SourceName)
            {
                return;
            }

            if (eventData.EventId == ExportSuccessEventId)
            {
                Recovered(Endpoint(eventData), clock);
            }
            else if (eventData.Level is EventLevel.Warning or EventLevel.Error or EventLevel.Critical)
            {
                Failed(eventData, clock);
            }
        }
#pragma warning disable CA1031 // a listener must never throw into the exporter that raised the event
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The endpoint an event names (its first payload when that is an endpoint), or null.</summary>
    private static string? Endpoint(EventWrittenEventArgs eventData) =>
        eventData.PayloadNames is { Count: > 0 } names && names[0] is "endpoint" or "rawCollectorUri"
            && eventData.Payload is { Count: > 0 } payload ? payload[0] as string : null;

    /// <summary>The event's message with its values, each cut at its first line (exceptions come with their stack).</summary>
    private static string Describe(EventWrittenEventArgs eventData)
    {
        var values = new object?[eventData.Payload?.Count ?? 0];
        for (var i = 0; i < values.Length; i++)
        {
            var value = eventData.Payload![i];
            values[i] = value is string line ? FirstLine(line) : value;
        }

        if (string.IsNullOrEmpty(eventData.Message))
        {
            return eventData.EventName + (values.Length == 0 ? "." : ": " + string.Join(", ", values) + ".");
        }

        string text;
        try
        {
            text = string.Format(CultureInfo.InvariantCulture, eventData.Message, values).Trim();
        }
        catch (FormatException)
        {
            text = eventData.Message + " " + string.Join(", ", values);
        }

        return text.EndsWith('.') ? text : text + ".";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private void Failed(EventWrittenEventArgs eventData, TimeProvider clock)
    {
        var endpoint = Endpoint(eventData);
        var key = eventData.EventName + "|" + endpoint;
        var now = clock.GetUtcNow();
        string? line = null;
        lock (_gate)
        {
            if (!_problems.TryGetValue(key, out var problem))
            {
                _problems[key] = new Problem(endpoint, now);
                line = "OpenTelemetry's OTLP exporter: " + Describe(eventData) + " " + Advice(endpoint)
                    + " Repeats are counted and reported every " + RepeatEvery.TotalMinutes.ToString(CultureInfo.InvariantCulture) + " minutes.";
            }
            else
            {
                problem.Repeats++;
                if (now - problem.ReportedAt >= RepeatEvery)
                {
                    line = "OpenTelemetry's OTLP exporter: still failing, " + problem.Repeats.ToString(CultureInfo.InvariantCulture)
                        + " more time(s) since " + problem.ReportedAt.ToString("u", CultureInfo.InvariantCulture) + ". Last: " + Describe(eventData);
                    problem.Repeats = 0;
                    problem.ReportedAt = now;
                }
            }
        }

        if (line is not null)
        {
            Enqueue(LogLevel.Warning, line);
        }
    }

    private static string Advice(string? endpoint) => endpoint is null
        ? "Telemetry of that export is lost."
        : "Telemetry sent there is lost until an export succeeds: check that a collector listens at that address with the protocol the app uses "
            + "(OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL: grpc, usually port 4317, is the default; http/protobuf usually listens on 4318).";

    private void Recovered(string? endpoint, TimeProvider clock)
    {
        if (endpoint is null)
        {
            return;
        }

        var failures = 0;
        lock (_gate)
        {
            if (_problems.Count == 0)
            {
                return;
            }

            List<string>? solved = null;
            foreach (var (key, problem) in _problems)
            {
                if (problem.Endpoint == endpoint)
                {
                    failures += problem.Repeats + 1;
                    (solved ??= []).Add(key);
                }
            }

            if (solved is null)
            {
                return;
            }

            foreach (var key in solved)
            {
                _problems.Remove(key);
            }
        }

        Enqueue(LogLevel.Information, "OpenTelemetry's OTLP exporter: export to " + endpoint + " succeeded again at "
            + clock.GetUtcNow().ToString("u", CultureInfo.InvariantCulture) + ", after " + failures.ToString(CultureInfo.InvariantCulture) + " failed export(s).");
    }

    private void Enqueue(LogLevel level, string message)
    {
        _pending.Enqueue((level, message));
        ThreadPool.UnsafeQueueUserWorkItem(static watch => watch.Drain(), this, preferLocal: false);
    }

    private void Drain()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 1)
        {
            return;
        }

        try
        {
            while (_logger is { } logger && _pending.TryDequeue(out var line))
            {
#pragma warning disable CA1848, CA2254 // a rare line whose text is built above; the level decides
                logger.Log(line.Level, line.Message);
#pragma warning restore CA1848, CA2254
            }
        }
#pragma warning disable CA1031 // a failing logger must not take the thread pool down
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _draining, 0);
        }

        if (!_pending.IsEmpty && _logger is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static watch => watch.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>One kind of failure at one endpoint: when it was last reported and how often it happened since.</summary>
    private sealed class Problem(string? endpoint, DateTimeOffset reportedAt)
    {
        public string? Endpoint { get; } = endpoint;

        public DateTimeOffset ReportedAt { get; set; } = reportedAt;

        public int Repeats { get; set; }
    }
}
