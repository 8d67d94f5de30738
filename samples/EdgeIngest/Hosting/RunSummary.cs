using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Demo;
using EdgeIngest.Storage;
using Instrumentation.Funnel.Stores;

namespace EdgeIngest.Hosting;

/// <summary>
/// The summary printed when EdgeIngest stops. Counts and server-side latencies come from the app's own
/// metrics (<see cref="TelemetrySummary"/>); funnel counts from the funnel store, printed as "unavailable" when
/// the store cannot answer; with <c>--demo</c>, the latencies the simulated clients measured as well.
/// </summary>
public static class RunSummary
{
    /// <summary>Every funnel event EdgeIngest declares (a newcomer's trial: WidgetCreated and UserRetentionCheck rows were in the store but not in the line).</summary>
    public static readonly string[] FunnelEvents = { "OrgCreated", "ProjectCreated", "DeviceRegistered", "FirstDeviceData", "WidgetCreated", "FirstDashboardWidget", "FirstLiveWidgetData", "FlowCreated", "FlowExecuted", "UserRetentionCheck" };

    public static async Task PrintAsync(TextWriter output, TelemetrySummary metrics, SqlFunnelStore funnel, DemoDriver? demo)
    {
        var calls = metrics.Total("ingest_calls_total");
        var refused = metrics.Total("ingest_failures_total");
        output.WriteLine();
        output.WriteLine("EdgeIngest summary");
        if (!Observability.EdgeIngestObservability.HasGeneratedMetrics)
        {
            // -p:InstrumentationEnabled=false: the server-side figures below come from generated metrics, which this build has not.
            output.WriteLine("  (instrumentation compiled out: server-side counts and latencies are not measured in this build)");
        }

        // A resent message (same message_id) is acknowledged again as a replay and stores nothing: an ingest call that
        // succeeded, so it is taken out here (a newcomer's trial: the summary counted 59,347 messages, the store 59,226).
        var replays = metrics.ByReason("sensor_insert_failures_total").Where(r => r.Reason == "replayed_message").Sum(r => r.Count);
        output.WriteLine($"  messages ingested:   {calls - refused - replays} (readings stored: {metrics.Total("ingest_messages_total")}; resent messages acknowledged as replays: {replays})");
        output.WriteLine($"  messages rejected:   {refused}{Reasons(metrics, "ingest_failures_total")}");
        output.WriteLine($"  widget broadcasts:   {metrics.Total("broadcast_calls_total")} (frames dropped for slow dashboards: {metrics.Total("broadcast_dropped_total")})");
        output.WriteLine($"  flow executions:     {metrics.Total("flow_exec_total")} (failed: {metrics.Total("flow_failures_total")}, alerts raised: {metrics.Total("alerts_raised_total")})");
        output.WriteLine($"  auth failures:       {metrics.Total("auth_failures_total")}{Reasons(metrics, "auth_failures_total")}");
        output.WriteLine($"  ts write failures:   {metrics.Total("ts_write_failures_total")}");
        output.WriteLine($"  ingest latency (server):          P50 {Ms(metrics.IngestLatency(50))}, P95 {Ms(metrics.IngestLatency(95))} from a sample of {metrics.IngestSamples} frames");
        output.WriteLine($"  ingest→broadcast latency (server): P50 {Ms(metrics.BroadcastLatency(50))}, P95 {Ms(metrics.BroadcastLatency(95))} from a sample of {metrics.BroadcastSamples} broadcasts");
        if (demo is not null)
        {
            output.WriteLine($"  device ack latency (demo clients):     P50 {Ms(demo.AckLatency.Percentile(50))}, P95 {Ms(demo.AckLatency.Percentile(95))} over {demo.AckLatency.Count} acks");
            output.WriteLine($"  send→dashboard latency (demo clients): P50 {Ms(demo.BroadcastLatency.Percentile(50))}, P95 {Ms(demo.BroadcastLatency.Percentile(95))} over {demo.BroadcastLatency.Count} deliveries");
        }

        output.WriteLine($"  process:             {GC.GetTotalAllocatedBytes() / (1024.0 * 1024.0):0.0} MB allocated, GCs gen0 {GC.CollectionCount(0)} / gen1 {GC.CollectionCount(1)} / gen2 {GC.CollectionCount(2)}, CPU {Environment.CpuUsage.TotalTime.TotalSeconds:0.0} s");
        output.Write("  funnel events stored:");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var counts = new long[FunnelEvents.Length];
            for (var i = 0; i < FunnelEvents.Length; i++)
            {
                counts[i] = await funnel.CountAsync(FunnelEvents[i], timeout.Token);
            }

            output.WriteLine(string.Concat(FunnelEvents.Select((type, i) => $" {type}={counts[i]}")));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            output.WriteLine(" unavailable (the store could not be read: " + StoreConnection.Mask(error.Message) + ")");
        }
    }

    private static string Reasons(TelemetrySummary metrics, string counter)
    {
        // Reasons that never happened are left out: the metric catalog's zero series (every declared reason at 0, so an
        // alert's increase() sees the first failure) reach the summary's listener too, and printed every reason as "0".
        var reasons = metrics.ByReason(counter).Where(r => r.Count > 0).ToList();
        return reasons.Count == 0 ? string.Empty : " (" + string.Join(", ", reasons.Select(r => r.Reason + " " + r.Count)) + ")";
    }

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
