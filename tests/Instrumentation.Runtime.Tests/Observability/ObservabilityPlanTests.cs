using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Instrumentation.Observability;
using Xunit;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>Rules and panels declared against a catalog: the validation errors and the rendered files.</summary>
public sealed class ObservabilityPlanTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static readonly MetricCatalog Catalog = new(new[]
    {
        new MetricDescriptor("m", "ingest_messages_total", MetricInstrumentKind.Counter, "{message}", "Messages", MetricLabel.Unknown("org"), MetricLabel.Closed("sensor", "temperature", "other")),
        new MetricDescriptor("m", "ingest_processing_latency_ms", MetricInstrumentKind.Histogram, "ms", "Latency", MetricLabel.Unknown("org")),
        new MetricDescriptor("m", "ts_write_failures_total", MetricInstrumentKind.Counter, "{failure}", "Failures"),
        new MetricDescriptor("m", "flow_exec_total", MetricInstrumentKind.Counter, "{call}", "Flows", MetricLabel.Closed("flow", "a", "other")),
        new MetricDescriptor("m", "flow_failures_total", MetricInstrumentKind.Counter, "{failure}", "Failed flows", MetricLabel.Closed("flow", "a", "other"), MetricLabel.Expected("reason", "x")),
        new MetricDescriptor("m", "ws_connections_active", MetricInstrumentKind.UpDownCounter, "{execution}", "Open", MetricLabel.Closed("kind", "device", "dashboard", "other")),
    });

    private static PromQuery Q => new(Catalog);

    [Fact]
    public void Expressions_match_the_exposition_names()
    {
        Assert.Equal(
            "histogram_quantile(0.95, sum by (le) (rate(ingest_processing_latency_ms_bucket[5m])))",
            Q.Quantile(0.95, "ingest_processing_latency_ms", FiveMinutes).Text);
        Assert.Equal(
            "histogram_quantile(0.5, sum by (le, org) (rate(ingest_processing_latency_ms_bucket{org=\"acme\"}[5m])))",
            Q.Quantile(0.5, "ingest_processing_latency_ms", FiveMinutes, by: new[] { "org" }, where: new[] { ("org", "acme") }).Text);
        Assert.Equal("sum(increase(ts_write_failures_total[5m])) > 0", (Q.Increase("ts_write_failures_total", FiveMinutes) > 0).Text);
        Assert.Equal(
            "sum by (org) (rate(ingest_messages_total[5m])) > 5 * clamp_min(sum by (org) (rate(ingest_messages_total[1h] offset 5m)), 0.1)",
            (Q.Rate("ingest_messages_total", FiveMinutes, by: new[] { "org" })
                > 5 * Q.Rate("ingest_messages_total", TimeSpan.FromHours(1), by: new[] { "org" }, offset: FiveMinutes).AtLeast(0.1)).Text);
        Assert.Equal(
            "sum(rate(flow_failures_total[10m])) / sum(rate(flow_exec_total[10m])) > 0.05",
            (Q.Rate("flow_failures_total", TimeSpan.FromMinutes(10)) / Q.Rate("flow_exec_total", TimeSpan.FromMinutes(10)) > 0.05).Text);
        Assert.Equal(
            "sum(rate(flow_exec_total[5m])) - (sum(rate(flow_failures_total[5m])) or vector(0))",
            (Q.Rate("flow_exec_total", FiveMinutes) - Q.Rate("flow_failures_total", FiveMinutes).OrZero()).Text);
        Assert.Equal("topk(10, sum by (org) (increase(ingest_messages_total[1d])))", Q.TopK(10, Q.Increase("ingest_messages_total", TimeSpan.FromHours(24), by: new[] { "org" })).Text);
        Assert.Equal("sum by (kind) (ws_connections_active)", Q.Sum("ws_connections_active", by: new[] { "kind" }).Text);
        Assert.Equal("(sum(rate(flow_exec_total[5m])) - sum(rate(flow_failures_total[5m]))) / sum(rate(flow_exec_total[5m]))",
            ((Q.Rate("flow_exec_total", FiveMinutes) - Q.Rate("flow_failures_total", FiveMinutes)) / Q.Rate("flow_exec_total", FiveMinutes)).Text);
    }

    [Fact]
    public void Unknown_metrics_and_labels_are_clear_errors()
    {
        Assert.Contains("'ingest_message_total' is not in the metric catalog", Assert.Throws<ArgumentException>(() => Q.Rate("ingest_message_total", FiveMinutes)).Message);
        Assert.Contains("has no label 'device' (its labels: org, sensor)", Assert.Throws<ArgumentException>(() => Q.Rate("ingest_messages_total", FiveMinutes, by: new[] { "device" })).Message);
        Assert.Contains("has no label 'path' (its labels: none)", Assert.Throws<ArgumentException>(() => Q.Increase("ts_write_failures_total", FiveMinutes, where: new[] { ("path", "/") })).Message);
        Assert.Contains("never has the value 'humidity' (its values: temperature, other)",
            Assert.Throws<ArgumentException>(() => Q.Rate("ingest_messages_total", FiveMinutes, where: new[] { ("sensor", "humidity") })).Message);
    }

    [Fact]
    public void Functions_need_the_right_kind_of_instrument()
    {
        Assert.Contains("histogram_quantile needs a histogram, but 'ingest_messages_total' is a counter",
            Assert.Throws<ArgumentException>(() => Q.Quantile(0.95, "ingest_messages_total", FiveMinutes)).Message);
        Assert.Contains("rate() needs a counter, but 'ingest_processing_latency_ms' is a histogram",
            Assert.Throws<ArgumentException>(() => Q.Rate("ingest_processing_latency_ms", FiveMinutes)).Message);
        Assert.Contains("increase() needs a counter, but 'ws_connections_active' is an up-down counter: use Sum()",
            Assert.Throws<ArgumentException>(() => Q.Increase("ws_connections_active", FiveMinutes)).Message);
        Assert.Contains("is a histogram: use Quantile()", Assert.Throws<ArgumentException>(() => Q.Sum("ingest_processing_latency_ms")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Q.Quantile(95, "ingest_processing_latency_ms", FiveMinutes));
        Assert.Contains("positive whole number of seconds", Assert.Throws<ArgumentOutOfRangeException>(() => Q.Rate("ts_write_failures_total", TimeSpan.FromMilliseconds(1500))).Message);
    }

    [Fact]
    public void Expressions_whose_series_cannot_match_are_refused()
    {
        var byOrg = Q.Rate("ingest_messages_total", FiveMinutes, by: new[] { "org" });
        var total = Q.Rate("ingest_messages_total", FiveMinutes);

        Assert.Contains("PromQL matches series one-to-one", Assert.Throws<InvalidOperationException>(() => byOrg / total).Message);
        Assert.Contains("OrZero() needs an expression without labels", Assert.Throws<InvalidOperationException>(() => byOrg.OrZero()).Message);
        Assert.Contains("has one series", Assert.Throws<ArgumentException>(() => Q.TopK(3, total)).Message);
    }

    [Fact]
    public void Alerts_must_compare_have_a_name_a_summary_and_one_rule_per_severity()
    {
        var plan = new ObservabilityPlan("Test", Catalog);
        var failures = plan.Query.Increase("ts_write_failures_total", FiveMinutes);

        Assert.Contains("not a comparison", Assert.Throws<ArgumentException>(() => plan.Alert("Failing", AlertSeverity.Critical, failures, "s")).Message);
        Assert.Contains("letters, digits and underscores", Assert.Throws<ArgumentException>(() => plan.Alert("ts write failing", AlertSeverity.Critical, failures > 0, "s")).Message);
        Assert.Contains("needs a summary", Assert.Throws<ArgumentException>(() => plan.Alert("Failing", AlertSeverity.Critical, failures > 0, " ")).Message);
        plan.Alert("Failing", AlertSeverity.Warning, failures > 0, "s");
        plan.Alert("Failing", AlertSeverity.Page, failures > 3, "s");
        Assert.Contains("already has a warning rule", Assert.Throws<ArgumentException>(() => plan.Alert("Failing", AlertSeverity.Warning, failures > 1, "s")).Message);
        Assert.Equal(2, plan.Alerts.Count);
    }

    [Fact]
    public void A_rule_built_against_another_catalog_is_refused_when_its_metric_is_missing()
    {
        var plan = new ObservabilityPlan("Test", new MetricCatalog(Catalog.Metrics.Where(m => m.Name != "ts_write_failures_total")));

        var error = Assert.Throws<ArgumentException>(() => plan.Alert("Failing", AlertSeverity.Critical, Q.Increase("ts_write_failures_total", FiveMinutes) > 0, "s"));

        Assert.Contains("reads 'ts_write_failures_total', which is not in this plan's metric catalog", error.Message);
    }

    [Fact]
    public void Alert_rules_render_as_a_prometheus_rule_file()
    {
        var plan = new ObservabilityPlan("Edge \"test\"", Catalog) { GeneratedBy = "dotnet run -- observability" };
        plan.Alert("TimeSeriesWriteFailing", AlertSeverity.Critical, plan.Query.Increase("ts_write_failures_total", FiveMinutes) > 0,
            "Writes fail: {{ $value }} in 5 m", "Check the store.");
        plan.Alert("IngestLatencyHigh", AlertSeverity.Warning, plan.Query.Quantile(0.95, "ingest_processing_latency_ms", FiveMinutes) > 500,
            "P95 {{ $value | humanize }} ms", @for: FiveMinutes);

        Assert.Equal(
            """
            # Prometheus alerting rules for Edge "test", generated from the metric catalog. Do not edit by hand.
            # Regenerate with: dotnet run -- observability
            groups:
              - name: "Edge \"test\""
                rules:
                  - alert: "TimeSeriesWriteFailing"
                    expr: "sum(increase(ts_write_failures_total[5m])) > 0"
                    labels:
                      severity: "critical"
                    annotations:
                      summary: "Writes fail: {{ $value }} in 5 m"
                      description: "Check the store."
                  - alert: "IngestLatencyHigh"
                    expr: "histogram_quantile(0.95, sum by (le) (rate(ingest_processing_latency_ms_bucket[5m]))) > 500"
                    for: 5m
                    labels:
                      severity: "warning"
                    annotations:
                      summary: "P95 {{ $value | humanize }} ms"

            """.Replace("\r\n", "\n"),
            plan.RenderAlertRules());
    }

    [Fact]
    public void Panels_render_as_a_grafana_dashboard()
    {
        var plan = new ObservabilityPlan("Edge Ingest", Catalog);
        var q = plan.Query;
        plan.Panel(new DashboardPanel("Latency", PanelKind.TimeSeries, "ms",
            q.Quantile(0.5, "ingest_processing_latency_ms", FiveMinutes).As("P50"),
            q.Quantile(0.95, "ingest_processing_latency_ms", FiveMinutes).As("P95")) { Description = "From receipt to broadcast." });
        plan.Panel(new DashboardPanel("Top orgs", PanelKind.Table, "short", q.TopK(10, q.Increase("ingest_messages_total", TimeSpan.FromDays(1), by: new[] { "org" })).As("{{org}}")));
        plan.Panel(new DashboardPanel("Connections", PanelKind.Stat, "short", q.Sum("ws_connections_active", by: new[] { "kind" }).As("{{kind}}")));

        using var dashboard = JsonDocument.Parse(plan.RenderDashboard());
        var root = dashboard.RootElement;
        Assert.Equal("Edge Ingest", root.GetProperty("title").GetString());
        Assert.Equal("edge-ingest", root.GetProperty("uid").GetString());
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(new[] { "timeseries", "table", "stat" }, panels.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(new[] { 0, 12, 0 }, panels.Select(p => p.GetProperty("gridPos").GetProperty("x").GetInt32()));
        Assert.Equal(new[] { 0, 0, 8 }, panels.Select(p => p.GetProperty("gridPos").GetProperty("y").GetInt32()));
        var latency = panels[0].GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(new[] { "A", "B" }, latency.Select(t => t.GetProperty("refId").GetString()));
        Assert.Equal("histogram_quantile(0.95, sum by (le) (rate(ingest_processing_latency_ms_bucket[5m])))", latency[1].GetProperty("expr").GetString());
        Assert.Equal("ms", panels[0].GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString());
        Assert.Equal("From receipt to broadcast.", panels[0].GetProperty("description").GetString());
        var top = panels[1].GetProperty("targets")[0];
        Assert.True(top.GetProperty("instant").GetBoolean());
        Assert.Equal("table", top.GetProperty("format").GetString());
        Assert.Equal("${datasource}", top.GetProperty("datasource").GetProperty("uid").GetString());
        Assert.Equal("datasource", root.GetProperty("templating").GetProperty("list")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Files_are_written_whole_and_a_bad_directory_writes_nothing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "obs-plan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var plan = new ObservabilityPlan("Test", Catalog);
            plan.Alert("Failing", AlertSeverity.Critical, plan.Query.Increase("ts_write_failures_total", FiveMinutes) > 0, "s");

            var (rules, dashboard) = plan.WriteFiles(directory);

            Assert.Equal(plan.RenderAlertRules(), File.ReadAllText(rules));
            Assert.Equal(plan.RenderDashboard(), File.ReadAllText(dashboard));
            Assert.Equal(new[] { "alerts.yml", "dashboard.json" }, Directory.GetFiles(directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));

            // An output path that is a file: an error, and nothing written next to it.
            var file = Path.Combine(directory, "not-a-directory");
            File.WriteAllText(file, "x");
            Assert.ThrowsAny<IOException>(() => plan.WriteFiles(file));
            Assert.Equal(3, Directory.GetFiles(directory).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
