using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// Tracks open WebSocket connections (<c>ws_connections_active{kind}</c>) by attribute: the operation lasts
/// as long as the connection's loop. The loop runs outside this span, so every message is its own trace.
/// </summary>
public sealed class ConnectionTracker
{
    [Operation("ws.connection", ActiveMetric = "ws_connections_active", DurationMetric = "ws_connection_duration_ms", CallsMetric = "ws_connections_total", FailuresMetric = "ws_connection_failures_total")]
    public async Task TrackAsync([MetricLabel("kind", AppliesTo = MetricTargets.Active)] ConnectionKind kind, [LogField("connection_id")] string connectionId, Task connectionLoop)
    {
        await connectionLoop;
    }
}
