using System;
using Instrumentation.Observability;

namespace EdgeIngest.Observability;

/// <summary>
/// SPEC §3.5: EdgeIngest's alert rules and dashboard panels, declared against the metric catalog the
/// generator builds from the attributes (a renamed metric or label fails here, not in Prometheus).
/// Thresholds are in the histograms' unit, milliseconds. Rendered by <c>observability --out DIR</c>.
/// </summary>
public static class EdgeIngestObservability
{
    /// <summary>The command that regenerates the files (written into them).</summary>
    public const string Command = "dotnet run --project samples/EdgeIngest -c Release -- observability --out DIR";

    /// <summary>The frame latency histogram the first alerts and panels use (absent when instrumentation is compiled out).</summary>
    public const string IngestLatencyMetric = "ingest_processing_latency_ms";

    /// <summary>
    /// False in a build with <c>-p:InstrumentationEnabled=false</c>: the generated metrics this plan names do not exist,
    /// so there is no plan to evaluate and no server-side figure to report.
    /// </summary>
    public static bool HasGeneratedMetrics => MetricCatalog.Current.Find(IngestLatencyMetric) is not null;

    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);
    private static readonly string[] ByOrg = { "org" };

    public static ObservabilityPlan Create(MetricCatalog? catalog = null)
    {
        var plan = new ObservabilityPlan("EdgeIngest", catalog) { GeneratedBy = Command };
        var q = plan.Query;

        var ingestP95 = q.Quantile(0.95, IngestLatencyMetric, FiveMinutes);
        plan.Alert("IngestLatencyHigh", AlertSeverity.Warning, ingestP95 > 500,
            "Ingest P95 latency is {{ $value | humanize }} ms (over 500 ms for 5 minutes)",
            "Frames take long from receipt to broadcast. Check ts_write_batch_latency_ms and sensor_insert_latency_ms (the store) and flow_exec_duration_ms.",
            @for: FiveMinutes);
        plan.Alert("IngestLatencyHigh", AlertSeverity.Page, ingestP95 > 1000,
            "Ingest P95 latency is {{ $value | humanize }} ms (over 1 s for 5 minutes)",
            "Devices wait over a second for an ack. Check the store and the flows first.",
            @for: FiveMinutes);

        var broadcastP95 = q.Quantile(0.95, "broadcast_latency_ms", FiveMinutes);
        plan.Alert("BroadcastLatencyHigh", AlertSeverity.Warning, broadcastP95 > 300,
            "Broadcast P95 latency is {{ $value | humanize }} ms (over 300 ms for 5 minutes)",
            "Dashboards see readings late. Check broadcast_queue_size and broadcast_dropped_total (slow dashboards).",
            @for: FiveMinutes);
        plan.Alert("BroadcastLatencyHigh", AlertSeverity.Page, broadcastP95 > 500,
            "Broadcast P95 latency is {{ $value | humanize }} ms (over 500 ms for 5 minutes)",
            "Dashboards see readings more than half a second late.",
            @for: FiveMinutes);

        plan.Alert("FlowFailureRateHigh", AlertSeverity.Warning,
            q.Rate("flow_failures_total", TenMinutes) / q.Rate("flow_exec_total", TenMinutes) > 0.05,
            "{{ $value | humanizePercentage }} of flow executions failed over 10 minutes (over 5%)",
            "See flow_failures_total by flow and reason.");

        plan.Alert("TimeSeriesWriteFailing", AlertSeverity.Critical,
            q.Increase("ts_write_failures_total", FiveMinutes) > 0,
            "Time-series writes failed {{ $value | humanize }} times in 5 minutes",
            "Batches are refused as store_unavailable: the store is down or full. ts_write_failures_total is exported at 0 from the start, so the first failure fires this.");

        // Baseline: the org's average rate over the hour before the last 5 minutes (so a spike does not raise its
        // own baseline), at least 0.1 message/s so that an org that was idle does not fire on its first messages.
        plan.Alert("OrgIngestSpike", AlertSeverity.Warning,
            q.Rate("ingest_messages_total", FiveMinutes, by: ByOrg)
                > 5 * q.Rate("ingest_messages_total", TimeSpan.FromHours(1), by: ByOrg, offset: FiveMinutes).AtLeast(0.1),
            "Org {{ $labels.org }} ingests {{ $value | humanize }} readings/s, over 5× its rate of the previous hour",
            "A device fleet misbehaving or a new integration; check the org's devices.",
            @for: FiveMinutes);

        plan.Panel(new DashboardPanel("Ingest rate", PanelKind.TimeSeries, "short",
            q.Rate("ingest_messages_total", FiveMinutes).As("readings/s"))
            { Description = "Sensor readings stored per second, all orgs (ingest_messages_total)." });
        plan.Panel(new DashboardPanel("Ingest rate per org", PanelKind.TimeSeries, "short",
            q.Rate("ingest_messages_total", FiveMinutes, by: ByOrg).As("{{org}}"))
            { Description = "Sensor readings stored per second, by org." });
        plan.Panel(new DashboardPanel("Ingest latency P50 / P95", PanelKind.TimeSeries, "ms",
            q.Quantile(0.5, "ingest_processing_latency_ms", FiveMinutes).As("P50"),
            ingestP95.As("P95"))
            { Description = "One frame, from receipt to broadcast (ingest_processing_latency_ms). Alerts: warning over 500 ms, page over 1 s." });
        plan.Panel(new DashboardPanel("Broadcast latency P95", PanelKind.TimeSeries, "ms",
            broadcastP95.As("P95"))
            { Description = "Frame receipt to broadcast to a widget (broadcast_latency_ms). Alerts: warning over 300 ms, page over 500 ms." });
        plan.Panel(new DashboardPanel("Active WebSocket connections", PanelKind.TimeSeries, "short",
            q.Sum("ws_connections_active", by: new[] { "kind" }).As("{{kind}}"))
            { Description = "Open device and dashboard WebSockets (ws_connections_active)." });
        plan.Panel(new DashboardPanel("Flow executions: success vs failure", PanelKind.TimeSeries, "short",
            (q.Rate("flow_exec_total", FiveMinutes) - q.Rate("flow_failures_total", FiveMinutes).OrZero()).As("succeeded/s"),
            q.Rate("flow_failures_total", FiveMinutes).OrZero().As("failed/s"))
            { Description = "Flow executions per second (flow_exec_total) split by outcome (flow_failures_total)." });
        plan.Panel(new DashboardPanel("Top orgs by readings (24 h)", PanelKind.Table, "short",
            q.TopK(10, q.Increase("ingest_messages_total", TimeSpan.FromHours(24), by: ByOrg)).As("{{org}}"))
            { Description = "The 10 orgs that stored the most sensor readings over the last 24 hours." });
        plan.Panel(new DashboardPanel("Time to first device data", PanelKind.Stat, "s",
            q.Quantile(0.5, "funnel_time_to_event_seconds", TimeSpan.FromDays(7), where: new[] { ("event", "FirstDeviceData") }).As("P50"),
            q.Quantile(0.9, "funnel_time_to_event_seconds", TimeSpan.FromDays(7), where: new[] { ("event", "FirstDeviceData") }).As("P90"))
            { Description = "Device registration to its first stored reading, over the last 7 days (funnel_time_to_event_seconds, recorded by the funnel writer when FirstDeviceData is stored). The funnel report has the full distribution per cohort." });
        return plan;
    }
}
