using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Observability;
using Xunit;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>
/// The in-process evaluation of dashboard panels over snapshots of a text exposition. Expected values are worked
/// out by hand from Prometheus 2.x's extrapolatedRate and bucketQuantile (the comments show the arithmetic);
/// EdgeIngest.Tests/PanelEndpointTests compares the same evaluation with a real Prometheus.
/// </summary>
public sealed class PanelEvaluatorTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static readonly MetricCatalog Catalog = new(new[]
    {
        new MetricDescriptor("m", "ingest_messages_total", MetricInstrumentKind.Counter, "{message}", "Messages", MetricLabel.Unknown("org"), MetricLabel.Closed("sensor", "temperature", "other")),
        new MetricDescriptor("m", "latency_ms", MetricInstrumentKind.Histogram, "ms", "Latency", MetricLabel.Unknown("org")),
        new MetricDescriptor("m", "flow_exec_total", MetricInstrumentKind.Counter, "{call}", "Flows"),
        new MetricDescriptor("m", "flow_failures_total", MetricInstrumentKind.Counter, "{failure}", "Failed flows"),
        new MetricDescriptor("m", "ws_connections_active", MetricInstrumentKind.UpDownCounter, "{connection}", "Open", MetricLabel.Closed("kind", "device", "dashboard")),
    });

    private static PromQuery Q => new(Catalog);

    [Fact]
    public void Rate_extrapolates_to_the_range_edges_like_Prometheus()
    {
        // Samples 5, 10, 15 at 10 s, 20 s, 30 s; range [0 s, 40 s]. Increase 10 over 20 s sampled; both edges are 10 s
        // away, under 1.1 × the 10 s average interval, and zero is reached 10 s before the first sample (not earlier):
        // extrapolated to 40 s → increase 20, rate 20 / 40 s = 0.5.
        var samples = new List<(long, double)> { (10_000, 5), (20_000, 10), (30_000, 15) };

        Assert.Equal(20, PromEvaluator.ExtrapolatedRate(samples, 0, 40_000, isRate: false));
        Assert.Equal(0.5, PromEvaluator.ExtrapolatedRate(samples, 0, 40_000, isRate: true));
    }

    [Fact]
    public void Rate_counts_a_counter_reset_and_stops_extrapolating_at_zero()
    {
        // 5 → 10 → 2 (reset: +10) → 6 over exactly the range: 6 - 5 + 10 = 11, no extrapolation.
        Assert.Equal(11, PromEvaluator.ExtrapolatedRate(new List<(long, double)> { (10_000, 5), (20_000, 10), (30_000, 2), (40_000, 6) }, 10_000, 40_000, isRate: false));

        // 1 → 11 at 100 s and 110 s in [0 s, 110 s]: the start is 100 s away, but at this slope the counter was 0
        // 1 s before the first sample, so it is extended by 1 s only: 10 × (10 + 1) / 10 = 11.
        Assert.Equal(11, PromEvaluator.ExtrapolatedRate(new List<(long, double)> { (100_000, 1), (110_000, 11) }, 0, 110_000, isRate: false)!.Value, 9);

        Assert.Null(PromEvaluator.ExtrapolatedRate(new List<(long, double)> { (10_000, 5) }, 0, 40_000, isRate: true));
    }

    [Fact]
    public void Quantiles_interpolate_within_the_bucket_like_Prometheus()
    {
        List<(double, double)> Buckets() => new() { (1, 0), (5, 50), (10, 100), (double.PositiveInfinity, 100) };

        Assert.Equal(9.5, PromEvaluator.BucketQuantile(0.95, Buckets()));   // rank 95 in (5, 10]: 5 + 5 × 45/50
        Assert.Equal(5, PromEvaluator.BucketQuantile(0.5, Buckets()));      // rank 50 at the top of (1, 5]
        Assert.Equal(10, PromEvaluator.BucketQuantile(0.99, new List<(double, double)> { (5, 0), (10, 50), (double.PositiveInfinity, 100) })); // in +Inf: the highest finite bound
        Assert.True(double.IsNaN(PromEvaluator.BucketQuantile(0.5, new List<(double, double)> { (5, 0), (double.PositiveInfinity, 0) })));
        Assert.True(double.IsNaN(PromEvaluator.BucketQuantile(0.5, new List<(double, double)> { (5, 3), (10, 4) })));   // no +Inf bucket
    }

    [Fact]
    public void A_panel_of_rates_by_org_has_one_series_per_org_with_a_point_per_snapshot()
    {
        var panel = new DashboardPanel("Per org", PanelKind.TimeSeries, "short", Q.Rate("ingest_messages_total", Minute, by: new[] { "org" }).As("{{org}}"));
        var history = new MetricHistory(TimeSpan.FromMinutes(10));
        for (var i = 0; i <= 6; i++)
        {
            // acme: 2 messages a second over two sensors; globex: 1 a second, from the third snapshot on.
            var text = "ingest_messages_total{org=\"acme\",sensor=\"temperature\"} " + (10 * i) + "\n"
                + "ingest_messages_total{org=\"acme\",sensor=\"other\"} " + (10 * i) + "\n"
                + (i >= 2 ? "ingest_messages_total{org=\"globex\",sensor=\"other\"} " + (10 + (10 * (i - 2))) + "\n" : string.Empty);
            history.Add(T0.AddSeconds(10 * i), text);
        }

        var result = new PanelEvaluator(history).Evaluate(panel, TimeSpan.FromMinutes(10));

        Assert.Equal(PanelStatus.Ok, result.Status);
        Assert.Null(result.Reason);
        Assert.Equal(new[] { "acme", "globex" }, result.Series.Select(s => s.Legend));
        var acme = result.Series[0];
        Assert.Equal("acme", acme.Labels["org"]);
        Assert.Single(acme.Labels);
        Assert.Equal(6, acme.Points.Count);   // the first snapshot alone has no rate
        Assert.Equal((double)T0.AddSeconds(60).ToUnixTimeSeconds(), acme.Points[^1].UnixSeconds);
        // At 60 s the whole window [0 s, 60 s] is sampled: 120 messages / 60 s.
        Assert.Equal(2, acme.Points[^1].Value, 9);
        // globex appears at 20 s with 10 and reaches 50 at 60 s: 40 over 40 s sampled; at this slope it was 0 10 s
        // before its first sample (within 1.1 intervals), so it is extended by 10 s → 50, / 60 s.
        Assert.Equal(50.0 / 60, result.Series[1].Points[^1].Value, 9);
    }

    [Fact]
    public void Arithmetic_or_vector_zero_topk_and_current_values_follow_PromQL()
    {
        var history = new MetricHistory(TimeSpan.FromMinutes(10));
        for (var i = 0; i <= 6; i++)
        {
            history.Add(T0.AddSeconds(10 * i),
                "flow_exec_total " + (6 * i) + "\n"
                + "ingest_messages_total{org=\"a\",sensor=\"other\"} " + (1 * i) + "\n"
                + "ingest_messages_total{org=\"b\",sensor=\"other\"} " + (3 * i) + "\n"
                + "ingest_messages_total{org=\"c\",sensor=\"other\"} " + (2 * i) + "\n"
                + "ws_connections_active{kind=\"device\"} " + i + "\n"
                + "ws_connections_active{kind=\"dashboard\"} 2\n");
        }

        var evaluator = new PanelEvaluator(history);
        var flows = evaluator.Evaluate(
            new DashboardPanel("Flows", PanelKind.TimeSeries, "short",
                (Q.Rate("flow_exec_total", Minute) - Q.Rate("flow_failures_total", Minute).OrZero()).As("succeeded/s"),
                Q.Rate("flow_failures_total", Minute).OrZero().As("failed/s")),
            TimeSpan.FromMinutes(10));
        Assert.Equal(PanelStatus.Ok, flows.Status);
        Assert.Equal(new[] { "succeeded/s", "failed/s" }, flows.Series.Select(s => s.Legend));
        Assert.Equal(0.6, flows.Series[0].Points[^1].Value, 9);      // no failure series: 0.6 - (nothing or 0)
        Assert.All(flows.Series[1].Points, p => Assert.Equal(0, p.Value));
        Assert.Equal(7, flows.Series[1].Points.Count);                 // vector(0) has a value even at the first snapshot

        var top = evaluator.Evaluate(new DashboardPanel("Top", PanelKind.Table, "short", Q.TopK(2, Q.Increase("ingest_messages_total", TimeSpan.FromHours(24), by: new[] { "org" })).As("{{org}}")), TimeSpan.FromMinutes(10));
        Assert.Equal(new[] { "b", "c" }, top.Series.Select(s => s.Legend));
        // 18 over 60 s sampled; the range starts long before, zero is 0 s before the first sample (value 0): no
        // extension there; the end is the last sample: increase 18.
        Assert.Equal(18, top.Series[0].Points[^1].Value, 9);

        var connections = evaluator.Evaluate(new DashboardPanel("Open", PanelKind.TimeSeries, "short", Q.Sum("ws_connections_active", by: new[] { "kind" }).As("{{kind}}")), TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { "dashboard", "device" }, connections.Series.Select(s => s.Legend));
        Assert.Equal(new[] { 3.0, 4, 5, 6 }, connections.Series[1].Points.Select(p => p.Value));   // the last 30 s: 4 snapshots
    }

    [Fact]
    public void A_quantile_panel_reads_the_buckets_of_the_window()
    {
        var history = new MetricHistory(TimeSpan.FromMinutes(10), new[] { "latency_ms" });
        history.Add(T0, "latency_ms_bucket{org=\"a\",le=\"1\"} 0\nlatency_ms_bucket{org=\"a\",le=\"5\"} 0\nlatency_ms_bucket{org=\"a\",le=\"10\"} 0\nlatency_ms_bucket{org=\"a\",le=\"+Inf\"} 0\nlatency_ms_sum{org=\"a\"} 0\nlatency_ms_count{org=\"a\"} 0\nother_total 3\n");
        history.Add(T0.AddSeconds(10), "latency_ms_bucket{org=\"a\",le=\"1\"} 0\nlatency_ms_bucket{org=\"a\",le=\"5\"} 50\nlatency_ms_bucket{org=\"a\",le=\"10\"} 100\nlatency_ms_bucket{org=\"a\",le=\"+Inf\"} 100\nlatency_ms_sum{org=\"a\"} 600\nlatency_ms_count{org=\"a\"} 100\n");

        var result = new PanelEvaluator(history).Evaluate(
            new DashboardPanel("Latency", PanelKind.TimeSeries, "ms", Q.Quantile(0.95, "latency_ms", Minute).As("P95"), Q.Quantile(0.5, "latency_ms", Minute, by: new[] { "org" }).As("P50 {{org}}")),
            TimeSpan.FromMinutes(10));

        Assert.Equal(PanelStatus.Ok, result.Status);
        Assert.Equal(new[] { "P95", "P50 a" }, result.Series.Select(s => s.Legend));
        Assert.Equal(9.5, Assert.Single(result.Series[0].Points).Value, 9);
        Assert.Equal(5, Assert.Single(result.Series[1].Points).Value, 9);
        Assert.Empty(result.Series[0].Labels);

        // A series that appeared with its observations already counted, and nothing since: no quantile, and the
        // reason says why (Prometheus gives NaN here too).
        var flat = new MetricHistory(TimeSpan.FromMinutes(10));
        var counted = "latency_ms_bucket{org=\"a\",le=\"5\"} 2\nlatency_ms_bucket{org=\"a\",le=\"+Inf\"} 2\n";
        flat.Add(T0, counted);
        flat.Add(T0.AddSeconds(10), counted);
        var none = new PanelEvaluator(flat).Evaluate(new DashboardPanel("Latency", PanelKind.TimeSeries, "ms", Q.Quantile(0.95, "latency_ms", Minute).As("P95")), TimeSpan.FromMinutes(10));
        Assert.Equal(PanelStatus.NoData, none.Status);
        Assert.StartsWith("No new observations of latency_ms within the window", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_snapshot_or_no_sample_is_no_data_and_a_window_beyond_the_kept_history_is_unsupported()
    {
        var rate = new DashboardPanel("Rate", PanelKind.TimeSeries, "short", Q.Rate("flow_exec_total", Minute).As("calls/s"));
        var day = new DashboardPanel("Day", PanelKind.Table, "short", Q.Increase("flow_exec_total", TimeSpan.FromHours(24)).As("calls"));
        var history = new MetricHistory(TimeSpan.FromMinutes(2));
        var evaluator = new PanelEvaluator(history);

        var empty = evaluator.Evaluate(rate, TimeSpan.FromMinutes(10));
        Assert.Equal(PanelStatus.NoData, empty.Status);
        Assert.Contains("No in-process snapshot", empty.Reason, StringComparison.Ordinal);

        history.Add(T0, "ws_connections_active{kind=\"device\"} 1\n");
        history.Add(T0.AddSeconds(10), "ws_connections_active{kind=\"device\"} 1\n");
        var none = evaluator.Evaluate(rate, TimeSpan.FromMinutes(10));
        Assert.Equal(PanelStatus.NoData, none.Status);
        Assert.Contains("No samples of flow_exec_total", none.Reason, StringComparison.Ordinal);

        // Until a snapshot is dropped, the history holds everything since the start: a 24 h window is answerable.
        for (var i = 0; i <= 9; i++)
        {
            history.Add(T0.AddSeconds(20 + (10 * i)), "flow_exec_total " + i + "\n");
        }

        Assert.False(history.IsTruncated);
        Assert.Equal(PanelStatus.Ok, evaluator.Evaluate(day, TimeSpan.FromMinutes(10)).Status);

        history.Add(T0.AddSeconds(200), "flow_exec_total 20\n");
        history.Add(T0.AddSeconds(210), "flow_exec_total 21\n");
        Assert.True(history.IsTruncated);
        var truncated = evaluator.Evaluate(day, TimeSpan.FromMinutes(10));
        Assert.Equal(PanelStatus.Unsupported, truncated.Status);
        Assert.Empty(truncated.Series);
        Assert.Equal("'sum(increase(flow_exec_total[1d]))' reads 24 h of samples, but the in-process history keeps only 2 min (older snapshots were dropped); a Prometheus server with longer retention can answer it.", truncated.Reason);
        Assert.Equal(PanelStatus.Ok, evaluator.Evaluate(rate, TimeSpan.FromMinutes(10)).Status);
    }

    [Fact]
    public void Snapshots_keep_only_the_plan_metrics_and_ignore_an_older_timestamp()
    {
        var plan = new ObservabilityPlan("t", Catalog);
        plan.Panel(new DashboardPanel("Open", PanelKind.TimeSeries, "short", Q.Sum("ws_connections_active").As("open")));
        var history = MetricHistory.For(plan, TimeSpan.FromMinutes(10));

        Assert.True(history.Add(T0, "# HELP x\n# TYPE ws_connections_active gauge\nws_connections_active{kind=\"device\"} 4\nunrelated_total 9\nws_connections_active{kind=\"dash\n"));
        Assert.False(history.Add(T0, "ws_connections_active{kind=\"device\"} 5\n"));

        var result = Assert.Single(new PanelEvaluator(history).Evaluate(plan, TimeSpan.FromMinutes(1)));
        Assert.Equal(4, Assert.Single(Assert.Single(result.Series).Points).Value);
        Assert.Equal(1, history.Count);
    }
}
