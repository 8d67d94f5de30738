using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using global::OpenTelemetry;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.Prometheus;

/// <summary>
/// Renders OpenTelemetry SDK metric points in the Prometheus text exposition format 0.0.4
/// (the OpenTelemetry Prometheus exporter package is not available here). Names are kept as
/// declared (they already carry their unit or <c>_total</c>); cumulative temporality only.
/// </summary>
public static class PrometheusTextFormatter
{
    /// <summary>The content type of the exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends one metric (all its points) to <paramref name="output"/>.</summary>
    public static void Write(StringBuilder output, Metric metric)
    {
        var name = SanitizeName(metric.Name);
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.Histogram => "histogram",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            _ => null,
        };
        if (type is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(metric.Description))
        {
            output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum:
                case MetricType.LongSumNonMonotonic:
                    Sample(output, name, labels, null, point.GetSumLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleSum:
                case MetricType.DoubleSumNonMonotonic:
                    Sample(output, name, labels, null, Number(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    Sample(output, name, labels, null, point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleGauge:
                    Sample(output, name, labels, null, Number(point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    WriteHistogram(output, name, labels, point);
                    break;
            }
        }
    }

    private static void WriteHistogram(StringBuilder output, string name, List<KeyValuePair<string, string>> labels, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var bound = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound);
            Sample(output, name + "_bucket", labels, bound, cumulative.ToString(CultureInfo.InvariantCulture));
        }

        Sample(output, name + "_sum", labels, null, Number(point.GetHistogramSum()));
        Sample(output, name + "_count", labels, null, point.GetHistogramCount().ToString(CultureInfo.InvariantCulture));
    }

    private static List<KeyValuePair<string, string>> Labels(ReadOnlyTagCollection tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Count);
        foreach (var tag in tags)
        {
            labels.Add(new KeyValuePair<string, string>(SanitizeName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        return labels;
    }

    private static void Sample(StringBuilder output, string name, List<KeyValuePair<string, string>> labels, string? le, string value)
    {
        output.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                if (!first)
                {
                    output.Append(',');
                }

                first = false;
                output.Append(label.Key).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
            }

            if (le is not null)
            {
                output.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(value).Append('\n');
    }

    /// <summary>Formats a sample value the way Prometheus parses it.</summary>
    public static string Number(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Replaces characters Prometheus does not allow in metric and label names.</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
            builder.Append(valid ? c : '_');
        }

        return builder.ToString();
    }

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
