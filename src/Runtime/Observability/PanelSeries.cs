using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Instrumentation.Observability;

/// <summary>One series of an evaluated panel: the labels of the query's result, its legend and its points, oldest first.</summary>
public sealed class PanelSeries
{
    private static readonly Regex Placeholder = new(@"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Creates a series.</summary>
    /// <param name="legend">The legend (the query's legend with <c>{{label}}</c> replaced by the label's value).</param>
    /// <param name="labels">The labels of the series.</param>
    /// <param name="points">Its points, oldest first.</param>
    public PanelSeries(string legend, IReadOnlyDictionary<string, string> labels, IReadOnlyList<PanelPoint> points)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(points);
        Legend = legend ?? string.Empty;
        Labels = labels;
        Points = points;
    }

    /// <summary>The legend of the series.</summary>
    public string Legend { get; }

    /// <summary>The labels of the series (the query's grouping labels; none for a single series).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The points, oldest first.</summary>
    public IReadOnlyList<PanelPoint> Points { get; }

    /// <summary>A Grafana legend template (<c>{{org}}</c>) with the labels' values filled in; an unknown label becomes empty.</summary>
    /// <param name="template">The legend template of the query.</param>
    /// <param name="labels">The series' labels.</param>
    public static string RenderLegend(string template, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (string.IsNullOrEmpty(template))
        {
            return labels.Count == 0 ? string.Empty : "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=\"" + l.Value + "\"")) + "}";
        }

        return Placeholder.Replace(template, match => labels.TryGetValue(match.Groups[1].Value, out var value) ? value : string.Empty);
    }
}
