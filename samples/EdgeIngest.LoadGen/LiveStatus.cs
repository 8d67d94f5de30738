using System;
using System.Globalization;

namespace EdgeIngest.LoadGen;

/// <summary>The live counts of a run, as one plain line (no ANSI codes): what is printed every second when stdout is not a terminal.</summary>
public static class LiveStatus
{
    /// <summary>For example <c>[  3s] sent=180 acked=179 errors=0 ack_p50=1.2ms ack_p95=3.4ms</c>.</summary>
    public static string Line(LoadRun run, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,3:0}s] sent={run.Sent} acked={run.Acknowledged} errors={run.Errors} ack_p50={Ms(run.Ack.Percentile(50))} ack_p95={Ms(run.Ack.Percentile(95))}");

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture) + "ms";
}
