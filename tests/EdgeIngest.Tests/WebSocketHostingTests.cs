using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>WebSocket connections are not HTTP requests, and a client that vanishes is no server error.</summary>
public sealed class WebSocketHostingTests
{
    [Fact]
    public async Task Socket_connections_bypass_the_http_request_telemetry_and_abrupt_disconnects_are_quiet()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Instrumentation.Generated.EdgeIngest",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        var dashboard = await server.ConnectDashboardAsync(tenant);
        var device = await server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, """{"message_id":"m-1","sensor":"temperature","readings":[{"value":1}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        await EdgeIngestServer.ReceiveAsync(dashboard);

        // Half a frame, then the TCP connection drops without a close handshake; the dashboard vanishes too.
        await device.SendAsync(Encoding.UTF8.GetBytes("{\"message_id\":\"m-2\","), WebSocketMessageType.Text, false, CancellationToken.None);
        device.Abort();
        dashboard.Abort();
        await WaitUntilAsync(async () => await server.MetricAsync("ws_connections_active{kind=\"device\"}") == 0
            && await server.MetricAsync("ws_connections_active{kind=\"dashboard\"}") == 0);

        var metrics = await server.Http.GetStringAsync("metrics");
        // The request counters are exported at 0 for every declared method and path before any request (zero
        // series), so look for a sample that counted one, not for the label.
        var samples = metrics.Split('\n');
        Assert.DoesNotContain(samples, l => (l.Contains("path=\"/ws/ingest\"") || l.Contains("path=\"/ws/dashboard\"")) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, l => l.StartsWith("http_request_failures_total", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains("http_requests_total{method=\"GET\",path=\"/ws/ingest\"} 0", metrics);
        Assert.DoesNotContain(spans, s => s.OperationName == "http.request" && (string?)s.GetTagItem("http.route") is "/ws/ingest" or "/ws/dashboard");
        var errors = server.Logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Category + ": " + l.Message).ToList();
        Assert.True(errors.Count == 0, "error logs: " + string.Join(" | ", errors));
        device.Dispose();
        dashboard.Dispose();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(await condition(), "condition not reached in 5 s");
    }
}
