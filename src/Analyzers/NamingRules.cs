using System.Text;
using System.Text.RegularExpressions;

namespace Instrumentation.Analyzers;

/// <summary>Span and metric naming conventions, and the rename a fix proposes.</summary>
internal static class NamingRules
{
    private static readonly Regex SpanName = new("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex SnakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    public static bool IsValidSpanName(string name) => SpanName.IsMatch(name);

    public static bool IsSnakeCase(string name) => SnakeCase.IsMatch(name);

    private static readonly Regex OpenTelemetryName = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*(\\.[a-z][a-z0-9]*(_[a-z0-9]+)*)+$", RegexOptions.CultureInvariant);

    /// <summary>
    /// An OpenTelemetry semantic-convention name (<c>db.client.operation.duration</c>, <c>http.server.request.duration</c>):
    /// dot-separated lower snake case segments, the unit in the instrument's unit, not in the name. Libraries that follow
    /// the conventions name their hand-written instruments so (Npgsql, Polly); Prometheus exporters turn the dots into
    /// underscores and add the unit. INS1021 on them broke such a library's warnings-as-errors build when the package was
    /// added (a newcomer's trial).
    /// </summary>
    public static bool IsOpenTelemetryName(string name) => OpenTelemetryName.IsMatch(name);

    /// <summary>The kind of instrument a name belongs to decides its required suffix.</summary>
    public enum InstrumentKind
    {
        Counter,
        Duration,
        Histogram,
        Gauge,
    }

    /// <summary>Null when the name follows the convention for its kind; otherwise what is expected.</summary>
    public static string? MetricProblem(string name, InstrumentKind kind)
    {
        if (!IsSnakeCase(name))
        {
            return "(letters, digits and single underscores, starting with a letter)";
        }

        return kind switch
        {
            InstrumentKind.Counter when !name.EndsWith("_total", System.StringComparison.Ordinal) => "ending in '_total' for a counter",
            // An operation's duration is recorded in milliseconds: a '_seconds' name was accepted and its series held
            // milliseconds, 1,000 times what the name says (found by a newcomer reading telemetry.json: unit "ms").
            InstrumentKind.Duration when name.EndsWith("_seconds", System.StringComparison.Ordinal) => "ending in '_ms' for an operation's duration, which is recorded in milliseconds (not '_seconds')",
            InstrumentKind.Duration when !name.EndsWith("_ms", System.StringComparison.Ordinal) => "ending in '_ms' for an operation's duration, which is recorded in milliseconds",
            InstrumentKind.Histogram when !HasUnitSuffix(name) => "ending in a unit ('_ms', '_seconds', '_bytes') or a count ('_size', '_count')",
            _ => null,
        };
    }

    private static bool HasUnitSuffix(string name) =>
        name.EndsWith("_ms", System.StringComparison.Ordinal) || name.EndsWith("_seconds", System.StringComparison.Ordinal)
        || name.EndsWith("_bytes", System.StringComparison.Ordinal) || name.EndsWith("_size", System.StringComparison.Ordinal)
        || name.EndsWith("_count", System.StringComparison.Ordinal) || name.EndsWith("_ratio", System.StringComparison.Ordinal);

    /// <summary><c>Ws.Ingest-Receive</c> → <c>ws.ingest_receive</c>: lower case, separators kept as dots or underscores.</summary>
    public static string SuggestSpanName(string name)
    {
        var builder = new StringBuilder();
        foreach (var segment in name.Split('.', '/', ' '))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(string.Join("_", NameTokens.Split(segment)));
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>IngestLatency</c> (duration) → <c>ingest_latency_ms</c>; <c>Messages</c> (counter) → <c>messages_total</c>;
    /// a histogram created with unit <c>ms</c>/<c>s</c>/<c>By</c> gets <c>_ms</c>/<c>_seconds</c>/<c>_bytes</c>.
    /// The result can still break the convention (<c>1calls</c> → <c>1calls_total</c>): check it before offering it.
    /// </summary>
    public static string SuggestMetricName(string name, InstrumentKind kind, string? unit = null)
    {
        var snake = string.Join("_", NameTokens.Split(name));
        return kind switch
        {
            InstrumentKind.Counter when !snake.EndsWith("_total", System.StringComparison.Ordinal) => snake + "_total",
            InstrumentKind.Duration when snake.EndsWith("_seconds", System.StringComparison.Ordinal) => snake.Substring(0, snake.Length - "_seconds".Length) + "_ms",
            InstrumentKind.Duration when !snake.EndsWith("_ms", System.StringComparison.Ordinal) => snake + "_ms",
            InstrumentKind.Histogram when !HasUnitSuffix(snake) && UnitSuffix(unit) is { } suffix => snake + suffix,
            _ => snake,
        };
    }

    /// <summary>The suggested metric name when it follows the convention, else null (no fix is offered).</summary>
    public static string? ValidMetricSuggestion(string name, InstrumentKind kind, string? unit = null)
    {
        var suggested = SuggestMetricName(name, kind, unit);
        return suggested != name && MetricProblem(suggested, kind) is null ? suggested : null;
    }

    /// <summary>The suggested span name when it follows the convention, else null (no fix is offered).</summary>
    public static string? ValidSpanSuggestion(string name)
    {
        var suggested = SuggestSpanName(name);
        return suggested != name && IsValidSpanName(suggested) ? suggested : null;
    }

    private static string? UnitSuffix(string? unit) => unit switch
    {
        "ms" => "_ms",
        "s" => "_seconds",
        "By" or "bytes" or "byte" => "_bytes",
        _ => null,
    };
}
