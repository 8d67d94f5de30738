using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>
/// Alert rules and dashboard panels declared against a <see cref="MetricCatalog"/>, rendered as a
/// Prometheus rule file (<see cref="RenderAlertRules"/>) and a Grafana dashboard (<see cref="RenderDashboard"/>).
/// </summary>
/// <example>
/// <code>
/// var plan = new ObservabilityPlan("EdgeIngest");
/// var q = plan.Query;
/// plan.Alert("TimeSeriesWriteFailing", AlertSeverity.Critical,
///     q.Increase("ts_write_failures_total", TimeSpan.FromMinutes(5)) > 0,
///     "Time-series writes are failing");
/// plan.Panel(new DashboardPanel("Ingest latency", PanelKind.TimeSeries, "ms",
///     q.Quantile(0.95, "ingest_processing_latency_ms", TimeSpan.FromMinutes(5)).As("P95")));
/// plan.WriteFiles("out");   // out/alerts.yml, out/dashboard.json
/// </code>
/// </example>
public sealed class ObservabilityPlan
{
    /// <summary>The rule file's name in <see cref="WriteFiles"/>.</summary>
    public const string AlertRulesFileName = "alerts.yml";

    /// <summary>The dashboard's file name in <see cref="WriteFiles"/>.</summary>
    public const string DashboardFileName = "dashboard.json";

    private readonly List<AlertRule> _alerts = new();
    private readonly List<DashboardPanel> _panels = new();

    /// <summary>Creates an empty plan.</summary>
    /// <param name="title">The rule group's name and the dashboard's title.</param>
    /// <param name="catalog">The metrics rules and panels may read (default: <see cref="MetricCatalog.Current"/>).</param>
    public ObservabilityPlan(string title, MetricCatalog? catalog = null)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArgumentException("A plan needs a title (the rule group's name and the dashboard's title).", nameof(title));
        }

        Title = title;
        Catalog = catalog ?? MetricCatalog.Current;
        Query = new PromQuery(Catalog);
    }

    /// <summary>The rule group's name and the dashboard's title.</summary>
    public string Title { get; }

    /// <summary>The catalog every rule and panel is checked against.</summary>
    public MetricCatalog Catalog { get; }

    /// <summary>The expression builder over <see cref="Catalog"/>.</summary>
    public PromQuery Query { get; }

    /// <summary>Where the files come from, written as a comment at the top of the rule file (for example the command that regenerates them).</summary>
    public string? GeneratedBy { get; init; }

    /// <summary>The alert rules, in declaration order.</summary>
    public IReadOnlyList<AlertRule> Alerts => _alerts;

    /// <summary>The dashboard panels, in declaration order.</summary>
    public IReadOnlyList<DashboardPanel> Panels => _panels;

    /// <summary>Adds an alert rule (see <see cref="AlertRule(string, AlertSeverity, PromExpr, string, string?, TimeSpan?)"/>).</summary>
    /// <param name="name">The alert name; one name can have one rule per severity (for example warning and page thresholds).</param>
    /// <param name="severity">The <c>severity</c> label.</param>
    /// <param name="condition">A comparison.</param>
    /// <param name="summary">One line for humans.</param>
    /// <param name="description">More detail.</param>
    /// <param name="for">How long the condition must hold before the alert fires.</param>
    public ObservabilityPlan Alert(string name, AlertSeverity severity, PromExpr condition, string summary, string? description = null, TimeSpan? @for = null)
    {
        var rule = new AlertRule(name, severity, condition, summary, description, @for);
        CheckMetrics(condition, "alert '" + name + "'");
        if (_alerts.Any(a => a.Name == rule.Name && a.Severity == rule.Severity))
        {
            throw new ArgumentException("The alert '" + name + "' already has a " + rule.SeverityLabel + " rule.", nameof(name));
        }

        _alerts.Add(rule);
        return this;
    }

    /// <summary>Adds a dashboard panel.</summary>
    /// <param name="panel">The panel.</param>
    public ObservabilityPlan Panel(DashboardPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        foreach (var query in panel.Queries)
        {
            CheckMetrics(query.Expression, "panel '" + panel.Title + "'");
        }

        if (_panels.Any(p => p.Title == panel.Title))
        {
            throw new ArgumentException("The dashboard already has a panel titled '" + panel.Title + "'.", nameof(panel));
        }

        _panels.Add(panel);
        return this;
    }

    /// <summary>The Prometheus rule file (<c>groups:</c> with one group named <see cref="Title"/>).</summary>
    public string RenderAlertRules() => PrometheusRuleWriter.Write(this);

    /// <summary>The Grafana dashboard JSON (a <c>datasource</c> variable selects the Prometheus data source).</summary>
    public string RenderDashboard() => GrafanaDashboardWriter.Write(this);

    /// <summary>
    /// Writes <see cref="AlertRulesFileName"/> and <see cref="DashboardFileName"/> into <paramref name="directory"/>
    /// (created if needed). Both are rendered, then written to temporary files, and only then moved into
    /// place, so a failure (a bad declaration, a full disk, a path that is a file) leaves no partial file.
    /// </summary>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths of the two files.</returns>
    public (string AlertRules, string Dashboard) WriteFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = new[]
        {
            (Path: Path.Combine(directory, AlertRulesFileName), Content: RenderAlertRules()),
            (Path: Path.Combine(directory, DashboardFileName), Content: RenderDashboard()),
        };
        Directory.CreateDirectory(directory);
        var temporaries = files.Select(f => f.Path + "." + Guid.NewGuid().ToString("N") + ".tmp").ToArray();
        try
        {
            for (var i = 0; i < files.Length; i++)
            {
                File.WriteAllText(temporaries[i], files[i].Content);
            }

            for (var i = 0; i < files.Length; i++)
            {
                File.Move(temporaries[i], files[i].Path, overwrite: true);
            }
        }
        finally
        {
            foreach (var temporary in temporaries.Where(File.Exists))
            {
                File.Delete(temporary);
            }
        }

        return (files[0].Path, files[1].Path);
    }

    private void CheckMetrics(PromExpr expression, string where)
    {
        foreach (var metric in expression.Metrics)
        {
            if (Catalog.Find(metric) is null)
            {
                throw new ArgumentException("The " + where + " reads '" + metric + "', which is not in this plan's metric catalog (the expression was built against another catalog).");
            }
        }
    }
}
