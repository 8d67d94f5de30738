using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Instrumentation.Observability;

/// <summary>
/// Builds PromQL over the metrics of a <see cref="MetricCatalog"/>, the way the project's Prometheus
/// exposition serves them (counters as declared, histograms as <c>&lt;name&gt;_bucket{le=…}</c>,
/// <c>_sum</c>, <c>_count</c>). Every method checks what it is given against the catalog: an unknown
/// metric or label, a label value a closed label never takes, <c>rate()</c> of something that is not a
/// counter or a quantile of something that is not a histogram throws an <see cref="ArgumentException"/>
/// naming the problem.
/// </summary>
public sealed class PromQuery
{
    /// <summary>Creates a builder for <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The metrics expressions may read.</param>
    public PromQuery(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
    }

    /// <summary>The catalog expressions are checked against.</summary>
    public MetricCatalog Catalog { get; }

    /// <summary>
    /// Per-second rate of a counter over <paramref name="window"/>, summed (by <paramref name="by"/>):
    /// <c>sum by (org) (rate(ingest_messages_total[5m]))</c>.
    /// </summary>
    /// <param name="counter">A counter of the catalog.</param>
    /// <param name="window">The range the rate is averaged over.</param>
    /// <param name="by">Labels to keep (none: one series).</param>
    /// <param name="where">Label filters (<c>label="value"</c>).</param>
    /// <param name="offset">Shifts the range into the past (for a baseline).</param>
    public PromExpr Rate(string counter, TimeSpan window, string[]? by = null, (string Label, string Value)[]? where = null, TimeSpan? offset = null) =>
        CounterFunction("rate", counter, window, by, where, offset);

    /// <summary>
    /// Increase of a counter over <paramref name="window"/>, summed (by <paramref name="by"/>):
    /// <c>sum(increase(ts_write_failures_total[5m]))</c>.
    /// </summary>
    /// <param name="counter">A counter of the catalog.</param>
    /// <param name="window">The range.</param>
    /// <param name="by">Labels to keep (none: one series).</param>
    /// <param name="where">Label filters (<c>label="value"</c>).</param>
    /// <param name="offset">Shifts the range into the past.</param>
    public PromExpr Increase(string counter, TimeSpan window, string[]? by = null, (string Label, string Value)[]? where = null, TimeSpan? offset = null) =>
        CounterFunction("increase", counter, window, by, where, offset);

    /// <summary>
    /// A quantile of a histogram over <paramref name="window"/>:
    /// <c>histogram_quantile(0.95, sum by (le) (rate(ingest_processing_latency_ms_bucket[5m])))</c>.
    /// The result is in the histogram's unit (ms for the generated duration histograms).
    /// </summary>
    /// <param name="quantile">Between 0 and 1 (0.95 for P95).</param>
    /// <param name="histogram">A histogram of the catalog.</param>
    /// <param name="window">The range the buckets' rates are taken over.</param>
    /// <param name="by">Labels to keep besides <c>le</c> (none: one series).</param>
    /// <param name="where">Label filters (<c>label="value"</c>).</param>
    public PromExpr Quantile(double quantile, string histogram, TimeSpan window, string[]? by = null, (string Label, string Value)[]? where = null)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile is between 0 and 1 (0.95 for P95).");
        }

        var metric = Catalog.Get(histogram);
        if (metric.Kind != MetricInstrumentKind.Histogram)
        {
            throw new ArgumentException("histogram_quantile needs a histogram, but '" + metric.Name + "' is " + Article(metric.Kind) + ".", nameof(histogram));
        }

        var labels = CheckLabels(metric, by, nameof(by));
        var selector = Selector(metric, metric.Name + "_bucket", where) + "[" + PromDuration.Format(window, "window") + "]";
        var grouping = new[] { "le" }.Concat(labels).ToArray();
        var text = "histogram_quantile(" + PromExpr.Number(quantile) + ", sum by (" + string.Join(", ", grouping) + ") (rate(" + selector + ")))";
        var rate = new RangeFunctionNode(isRate: true, SelectorNode(metric.Name + "_bucket", where), window, TimeSpan.Zero);
        return new PromExpr(text, labels, new[] { metric.Name }, new QuantileNode(quantile, new SumNode(grouping, rate)));
    }

    /// <summary>
    /// The current value of a gauge or up-down counter (or a counter's total), summed (by <paramref name="by"/>):
    /// <c>sum by (kind) (ws_connections_active)</c>.
    /// </summary>
    /// <param name="metric">A counter, up-down counter or gauge of the catalog.</param>
    /// <param name="by">Labels to keep (none: one series).</param>
    /// <param name="where">Label filters (<c>label="value"</c>).</param>
    public PromExpr Sum(string metric, string[]? by = null, (string Label, string Value)[]? where = null)
    {
        var descriptor = Catalog.Get(metric);
        if (descriptor.Kind == MetricInstrumentKind.Histogram)
        {
            throw new ArgumentException("'" + descriptor.Name + "' is a histogram: use Quantile() for its distribution.", nameof(metric));
        }

        var labels = CheckLabels(descriptor, by, nameof(by));
        return new PromExpr(Aggregate(labels) + "(" + Selector(descriptor, descriptor.Name, where) + ")", labels, new[] { descriptor.Name }, new SumNode(labels, SelectorNode(descriptor.Name, where)));
    }

    /// <summary>The <paramref name="k"/> largest series of <paramref name="expression"/> (<c>topk</c>).</summary>
    /// <param name="k">How many series to keep (at least 1).</param>
    /// <param name="expression">An expression with labels to rank by.</param>
    public PromExpr TopK(int k, PromExpr expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "topk needs k of at least 1.");
        }

        if (expression.Labels.Count == 0)
        {
            throw new ArgumentException("topk ranks series by their labels, but '" + expression.Text + "' has one series: group it with 'by'.", nameof(expression));
        }

        return new PromExpr("topk(" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " + expression.Text + ")", expression.Labels, expression.Metrics, new TopKNode(k, expression.Node));
    }

    private PromExpr CounterFunction(string function, string counter, TimeSpan window, string[]? by, (string Label, string Value)[]? where, TimeSpan? offset)
    {
        var metric = Catalog.Get(counter);
        if (metric.Kind != MetricInstrumentKind.Counter)
        {
            var hint = metric.Kind == MetricInstrumentKind.Histogram ? "use Quantile() (or Rate of a counter)" : "use Sum() for its current value";
            throw new ArgumentException(function + "() needs a counter, but '" + metric.Name + "' is " + Article(metric.Kind) + ": " + hint + ".", nameof(counter));
        }

        var labels = CheckLabels(metric, by, nameof(by));
        var range = Selector(metric, metric.Name, where) + "[" + PromDuration.Format(window, "window") + "]";
        if (offset is { } shift)
        {
            range += " offset " + PromDuration.Format(shift, "offset");
        }

        var node = new RangeFunctionNode(function == "rate", SelectorNode(metric.Name, where), window, offset ?? TimeSpan.Zero);
        return new PromExpr(Aggregate(labels) + "(" + function + "(" + range + "))", labels, new[] { metric.Name }, new SumNode(labels, node));
    }

    private static string Aggregate(IReadOnlyList<string> labels) =>
        labels.Count == 0 ? "sum" : "sum by (" + string.Join(", ", labels) + ") ";

    private static IReadOnlyList<string> CheckLabels(MetricDescriptor metric, string[]? labels, string parameter)
    {
        if (labels is null || labels.Length == 0)
        {
            return Array.Empty<string>();
        }

        foreach (var label in labels)
        {
            CheckLabel(metric, label, parameter);
        }

        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
        {
            throw new ArgumentException("'by' names a label twice: " + string.Join(", ", labels) + ".", parameter);
        }

        return labels;
    }

    private static MetricLabel CheckLabel(MetricDescriptor metric, string label, string parameter)
    {
        return metric.Label(label) ?? throw new ArgumentException(
            "The metric '" + metric.Name + "' has no label '" + label + "' (its labels: "
            + (metric.Labels.Count == 0 ? "none" : string.Join(", ", metric.Labels.Select(l => l.Name))) + ").",
            parameter);
    }

    private static string Selector(MetricDescriptor metric, string series, (string Label, string Value)[]? where)
    {
        if (where is null || where.Length == 0)
        {
            return series;
        }

        var text = new StringBuilder(series).Append('{');
        for (var i = 0; i < where.Length; i++)
        {
            var (name, value) = where[i];
            var label = CheckLabel(metric, name, nameof(where));
            if (value is null || (label.ValueKind == MetricLabelValues.Closed && !label.Values.Contains(value, StringComparer.Ordinal)))
            {
                throw new ArgumentException(
                    "The label '" + name + "' of '" + metric.Name + "' never has the value '" + value + "' (its values: " + string.Join(", ", label.Values) + ").",
                    nameof(where));
            }

            text.Append(i == 0 ? string.Empty : ",").Append(name).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static SelectorNode SelectorNode(string series, (string Label, string Value)[]? where) =>
        new(series, (where ?? Array.Empty<(string Label, string Value)>()).Select(w => new KeyValuePair<string, string>(w.Label, w.Value)).ToArray());

    private static string Article(MetricInstrumentKind kind) => kind switch
    {
        MetricInstrumentKind.Counter => "a counter",
        MetricInstrumentKind.Histogram => "a histogram",
        MetricInstrumentKind.UpDownCounter => "an up-down counter",
        _ => "a gauge",
    };
}
