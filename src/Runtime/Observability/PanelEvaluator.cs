using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>
/// Evaluates the panels of an <see cref="ObservabilityPlan"/> over a <see cref="MetricHistory"/> of the app's own
/// metrics, the way Prometheus would evaluate the same PromQL over the same scrapes (<c>rate</c>/<c>increase</c> with
/// Prometheus' extrapolation, <c>sum by</c>, <c>histogram_quantile</c>, <c>topk</c>, arithmetic between sums,
/// <c>or vector(0)</c>, <c>clamp_min</c>). The queries are evaluated from their structure (the
/// <see cref="PromQuery"/> that built them), never by parsing PromQL text. A query that reaches further back than
/// the history holds is reported <see cref="PanelStatus.Unsupported"/> with the reason, never computed over less data.
/// </summary>
/// <example>
/// <code>
/// var history = MetricHistory.For(plan, TimeSpan.FromMinutes(10));
/// // every 5 s: history.Add(DateTimeOffset.UtcNow, scrapeReader.Scrape());
/// foreach (var result in new PanelEvaluator(history).Evaluate(plan, TimeSpan.FromMinutes(10)))
///     Console.WriteLine(result.Panel.Title + ": " + result.Status + " " + result.Series.Count);
/// </code>
/// </example>
public sealed class PanelEvaluator
{
    private readonly MetricHistory _history;

    /// <summary>Creates an evaluator over <paramref name="history"/>.</summary>
    /// <param name="history">The snapshots to evaluate over.</param>
    public PanelEvaluator(MetricHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _history = history;
    }

    /// <summary>Evaluates every panel of <paramref name="plan"/> (see <see cref="Evaluate(DashboardPanel, TimeSpan)"/>).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="range">How far back from the newest snapshot the series go.</param>
    public IReadOnlyList<PanelResult> Evaluate(ObservabilityPlan plan, TimeSpan range)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Panels.Select(p => Evaluate(p, range)).ToArray();
    }

    /// <summary>
    /// Evaluates every query of <paramref name="panel"/> at each snapshot time of the last <paramref name="range"/>
    /// (ending at the newest snapshot). A point whose value is not a finite number (a quantile without observations)
    /// is left out, like a gap in a Prometheus graph.
    /// </summary>
    /// <param name="panel">The panel.</param>
    /// <param name="range">How far back from the newest snapshot the series go.</param>
    public PanelResult Evaluate(DashboardPanel panel, TimeSpan range)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var (snapshots, truncated) = _history.Read();
        if (snapshots.Length == 0)
        {
            return new PanelResult(panel, PanelStatus.NoData, "No in-process snapshot of the metrics has been taken yet.", Array.Empty<PanelSeries>());
        }

        foreach (var query in panel.Queries)
        {
            if (PromEvaluator.Unsupported(query.Expression.Node) is { } unsupported)
            {
                return new PanelResult(panel, PanelStatus.Unsupported, "'" + query.Expression.Text + "': " + unsupported + ".", Array.Empty<PanelSeries>());
            }
        }

        var evaluator = new PromEvaluator(snapshots);
        var end = snapshots[^1].TimeMilliseconds;
        var start = end - (long)range.TotalMilliseconds;
        var oldest = snapshots[0].TimeMilliseconds;
        var series = new List<PanelSeries>();
        var onlyNaN = false;
        foreach (var query in panel.Queries)
        {
            var reach = (long)PromEvaluator.Reach(query.Expression.Node).TotalMilliseconds;
            var times = snapshots.Select(s => s.TimeMilliseconds).Where(t => t >= start && (!truncated || t - reach >= oldest)).ToArray();
            if (times.Length == 0)
            {
                return new PanelResult(
                    panel,
                    PanelStatus.Unsupported,
                    "'" + query.Expression.Text + "' reads " + Describe(PromEvaluator.Reach(query.Expression.Node)) + " of samples, but the in-process history keeps only "
                    + Describe(_history.Retention) + " (older snapshots were dropped); a Prometheus server with longer retention can answer it.",
                    Array.Empty<PanelSeries>());
            }

            series.AddRange(EvaluateQuery(evaluator, query, times, out var undefined));
            onlyNaN |= undefined;
        }

        if (series.Count == 0)
        {
            var metrics = string.Join(", ", panel.Queries.SelectMany(q => q.Expression.Metrics).Distinct(StringComparer.Ordinal));
            var reason = onlyNaN
                ? "No new observations of " + metrics + " within the window in the last " + Describe(range)
                    + " (a rate counts only what was added after a series' first sample, as in Prometheus; observations made before it are not seen)."
                : "No samples of " + metrics + " in the last " + Describe(range) + " yet (a rate needs two snapshots within its window).";
            return new PanelResult(panel, PanelStatus.NoData, reason, Array.Empty<PanelSeries>());
        }

        return new PanelResult(panel, PanelStatus.Ok, null, series);
    }

    private static List<PanelSeries> EvaluateQuery(PromEvaluator evaluator, PanelQuery query, long[] times, out bool onlyUndefined)
    {
        onlyUndefined = false;
        var byKey = new Dictionary<string, (IReadOnlyList<KeyValuePair<string, string>> Labels, List<PanelPoint> Points)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var time in times)
        {
            foreach (var element in evaluator.Evaluate(query.Expression.Node, time, out _))
            {
                if (double.IsNaN(element.Value) || double.IsInfinity(element.Value))
                {
                    onlyUndefined = true;
                    continue;
                }

                if (!byKey.TryGetValue(element.Key, out var entry))
                {
                    entry = (element.Labels, new List<PanelPoint>());
                    byKey.Add(element.Key, entry);
                    order.Add(element.Key);
                }

                entry.Points.Add(new PanelPoint(time / 1000.0, element.Value));
            }
        }

        var series = new List<PanelSeries>();
        foreach (var key in order.OrderBy(k => k, StringComparer.Ordinal))
        {
            var labels = byKey[key].Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            series.Add(new PanelSeries(PanelSeries.RenderLegend(query.Legend, labels), labels, byKey[key].Points));
        }

        onlyUndefined &= series.Count == 0;
        return series;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? span.TotalHours.ToString(CultureInfo.InvariantCulture) + " h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? span.TotalMinutes.ToString(CultureInfo.InvariantCulture) + " min"
        : span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
