using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using global::OpenTelemetry;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.Prometheus;

/// <summary>
/// One scrape's worth of metric families. Several OpenTelemetry metric streams can carry the same Prometheus name
/// (two assemblies whose meters both declare <c>ingest_calls_total</c>, or two names that sanitize alike); the text
/// format allows one <c># HELP</c>/<c># TYPE</c> and one sample per series per family, so streams of one name are
/// merged here:
/// <list type="bullet">
/// <item>same type and unit: one family; series with the same labels are added up (counters, up-down counters,
/// histograms with the same bucket bounds); the first help text wins;</item>
/// <item>a different type or unit, a gauge reported twice for the same labels, or histograms whose bounds differ:
/// the stream (or series) seen first wins, the other is left out and reported through the conflict callback;</item>
/// <item>a second stream of the same instrument (same meter name and version, instrument name, type, unit and
/// description — OpenTelemetry gives identical instruments one stream, so two views match it): left out and reported, not
/// added up, which would count every measurement twice.</item>
/// </list>
/// </summary>
internal sealed class PrometheusExposition
{
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<Family> _order = new();
    private readonly Action<string, string>? _conflict;

    /// <param name="conflict">Called with (conflict key, message) for every stream or series left out.</param>
    public PrometheusExposition(Action<string, string>? conflict) => _conflict = conflict;

    /// <summary>Adds every point of <paramref name="metric"/> to its family.</summary>
    public void Add(Metric metric)
    {
        var type = TypeOf(metric.MetricType);
        if (type is null)
        {
            return;
        }

        var name = PrometheusTextFormatter.SanitizeName(metric.Name);
        var meter = metric.MeterName;
        var unit = metric.Unit ?? string.Empty;
        if (!_families.TryGetValue(name, out var family))
        {
            family = new Family(name, type, unit, metric.MetricType, meter, metric);
            _families.Add(name, family);
            _order.Add(family);
        }
        else if (!family.AddStreamOfNewInstrument(metric))
        {
            // One instrument, two streams: OpenTelemetry gives identical instruments (one meter name and version, one
            // instrument name, type, unit and description) one stream, so only two views that both match it make two.
            // Adding them up would count every measurement twice.
            Report(
                name + "|" + meter + "|views",
                "Metric " + name + " of meter " + meter + " has two streams: more than one OpenTelemetry view matches its instrument; /metrics "
                + "shows the first and leaves the other out (an OTLP exporter sends both). For a generated instrument that is a view of "
                + "your own beside the SDK's stream sizing: give your configuration to the SDK instead, WithGeneratedInstrumentation(o => "
                + "o.MetricStreams[\"" + metric.Name + "\"] = …), or turn the sizing off with o.SizeMetricStreams = false.");
            return;
        }
        else if (!string.Equals(family.Type, type, StringComparison.Ordinal) || !string.Equals(family.Unit, unit, StringComparison.Ordinal))
        {
            Report(
                name + "|" + meter + "|kind",
                "Metric " + name + " of meter " + meter + " (" + type + ", unit '" + unit + "') is left out of /metrics: meter " + family.FirstMeter
                + " declares the same name as " + family.Type + " with unit '" + family.Unit + "'. Give one of them another name.");
            return;
        }

        if (family.Help.Length == 0 && !string.IsNullOrEmpty(metric.Description))
        {
            family.Help = metric.Description;
        }

        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            AddPoint(family, metric, meter, in point);
        }
    }

    /// <summary>Writes every family: its help, its type and its series, in the order first seen.</summary>
    public void WriteTo(StringBuilder output)
    {
        foreach (var family in _order)
        {
            if (family.Help.Length > 0)
            {
                output.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            }

            output.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var series in family.Series)
            {
                series.WriteTo(output, family.Name);
            }
        }
    }

    private void AddPoint(Family family, Metric metric, string meter, in MetricPoint point)
    {
        var labels = Labels(point.Tags);
        var key = LabelKey(labels);
        var isHistogram = metric.MetricType == MetricType.Histogram;
        var incoming = isHistogram ? Series.Histogram(labels, in point) : Series.Scalar(labels, metric.MetricType, in point);
        if (!family.SeriesByLabels.TryGetValue(key, out var existing))
        {
            family.SeriesByLabels.Add(key, incoming);
            family.Series.Add(incoming);
            return;
        }

        // A gauge is a last value: two of them for one series cannot be added up (neither can a gauge and an up-down counter).
        var isGauge = IsGauge(metric.MetricType) || IsGauge(family.MetricType);
        if (isGauge || !existing.TryAdd(incoming))
        {
            Report(
                family.Name + "|" + meter + "|" + key,
                "Series " + family.Name + "{" + key + "} of meter " + meter + " is left out of /metrics: "
                + (isGauge ? "another meter reports a gauge of the same name and labels" : "another meter reports a histogram of the same name and labels with other bucket bounds")
                + " (" + family.FirstMeter + " first). Give one of them another name.");
        }
    }

    private static bool IsGauge(MetricType type) => type is MetricType.LongGauge or MetricType.DoubleGauge;

    private void Report(string key, string message) => _conflict?.Invoke(key, message);

    private static string? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => "counter",
        MetricType.Histogram => "histogram",
        MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
        _ => null,
    };

    private static List<KeyValuePair<string, string>> Labels(ReadOnlyTagCollection tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Count);
        foreach (var tag in tags)
        {
            labels.Add(new KeyValuePair<string, string>(PrometheusTextFormatter.SanitizeName(tag.Key), LabelValue(tag.Value)));
        }

        return labels;
    }

    /// <summary>
    /// A tag value as a label value: booleans as <c>true</c>/<c>false</c>, as OpenTelemetry's Prometheus exporter writes
    /// them (its cardinality overflow series is <c>otel_metric_overflow="true"</c>) and as generated labels are.
    /// </summary>
    private static string LabelValue(object? value) => value switch
    {
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The identity of a series: its labels sorted by name (two streams may order the same tags differently).</summary>
    private static string LabelKey(List<KeyValuePair<string, string>> labels)
    {
        var sorted = new List<KeyValuePair<string, string>>(labels);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var label in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(label.Key).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
        }

        return builder.ToString();
    }

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Family
    {
        private readonly HashSet<string> _instruments = new(StringComparer.Ordinal);

        public Family(string name, string type, string unit, MetricType metricType, string firstMeter, Metric first)
        {
            Name = name;
            Type = type;
            Unit = unit;
            MetricType = metricType;
            FirstMeter = firstMeter;
            _instruments.Add(InstrumentKey(first));
        }

        public string Name { get; }

        public string Type { get; }

        public string Unit { get; }

        public MetricType MetricType { get; }

        public string FirstMeter { get; }

        /// <summary>
        /// Notes the instrument <paramref name="metric"/>'s stream comes from; false when a stream of the family already came
        /// from it: the same meter (name and version), instrument name, type, unit and description. Two instruments that
        /// differ in any of these (two assemblies' meters, a changed description) are separate streams whose series add up.
        /// </summary>
        public bool AddStreamOfNewInstrument(Metric metric) => _instruments.Add(InstrumentKey(metric));

        private static string InstrumentKey(Metric metric) =>
            string.Join('\u001f', metric.MeterName, metric.MeterVersion ?? string.Empty, metric.Name, ((int)metric.MetricType).ToString(CultureInfo.InvariantCulture), metric.Unit ?? string.Empty, metric.Description ?? string.Empty);

        public string Help { get; set; } = string.Empty;

        public List<Series> Series { get; } = new();

        public Dictionary<string, Series> SeriesByLabels { get; } = new(StringComparer.Ordinal);
    }
}
