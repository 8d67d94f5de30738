using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>Issue 15 §4: the operating limits an operator sets by flag (docs/operations.md), on the real app.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Over_the_connection_cap_an_upgrade_gets_503_too_many_connections_as_json()
    {
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--max-connections", "1" });
        var tenant = await server.ProvisionAsync();
        using var first = await server.ConnectDeviceAsync(tenant.Token);

        using var upgrade = new HttpRequestMessage(HttpMethod.Get, "ws/ingest?token=" + Uri.EscapeDataString(tenant.Token));
        upgrade.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        upgrade.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        upgrade.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        upgrade.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        using var refused = await server.Http.SendAsync(upgrade);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ErrorCodes.TooManyConnections, body.GetProperty("code").GetString());

        // The first socket still works, and its slot is given back when it closes.
        await EdgeIngestServer.SendAsync(first, """{"message_id":"cap-1","sensor":"temperature","readings":[{"value":1}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(first)).GetProperty("type").GetString());
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        using var second = await ConnectWhenFreeAsync(server, tenant.Token);
        Assert.Equal(WebSocketState.Open, second.State);
    }

    [Fact]
    public async Task A_silent_device_is_closed_with_1008_idle_timeout_and_counted()
    {
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--idle-timeout", "1" });
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);

        var close = await ReceiveCloseAsync(device);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Equal(ErrorCodes.IdleTimeout, close.Description);
        Assert.Equal(1, await WaitForAsync(server, "ws_timeouts_total{limit=\"idle\"}", 1));
    }

    [Fact]
    public async Task A_frame_that_is_started_and_not_finished_is_closed_with_1008_frame_timeout()
    {
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--frame-timeout", "1" });
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);

        await device.SendAsync(Encoding.UTF8.GetBytes("{\"message_id\":\"slow\","), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        var close = await ReceiveCloseAsync(device);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Equal(ErrorCodes.FrameTimeout, close.Description);
        Assert.Equal(1, await WaitForAsync(server, "ws_timeouts_total{limit=\"frame\"}", 1));
    }

    [Fact]
    public async Task A_graceful_stop_closes_open_device_sockets_with_1001()
    {
        var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--shutdown-timeout", "5" });
        try
        {
            var tenant = await server.ProvisionAsync();
            using var device = await server.ConnectDeviceAsync(tenant.Token);
            await EdgeIngestServer.SendAsync(device, """{"message_id":"before-stop","sensor":"temperature","readings":[{"value":1}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());

            var receiving = ReceiveCloseAsync(device);
            var stopping = server.App.StopAsync();
            var close = await receiving;

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.Status);
            Assert.Equal(ErrorCodes.ShuttingDown, close.Description);
            await device.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            await stopping;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_spill_and_dead_letter_folder_is_set_by_flag()
    {
        var folder = Path.Combine(Path.GetTempPath(), "edge-spill-" + Guid.NewGuid().ToString("N"));
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--spill-dir", folder });

        var writer = EdgeIngestResources.FunnelWriter(server.App);
        Assert.StartsWith(folder + Path.DirectorySeparatorChar, writer.DeadLetterPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_store_outage_error_lines_are_rate_limited_and_the_suppressed_count_is_reported()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        // One acked frame first: the socket is authenticated before the store goes away.
        await EdgeIngestServer.SendAsync(device, """{"message_id":"before","sensor":"temperature","readings":[{"value":1}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        var directory = Path.GetDirectoryName(server.DbPath)!;
        Directory.Move(directory, directory + "-away");
        try
        {
            for (var i = 0; i < 12; i++)
            {
                await EdgeIngestServer.SendAsync(device, $$"""{"message_id":"out-{{i}}","sensor":"temperature","readings":[{"value":1}]}""");
                Assert.Equal(ErrorCodes.StoreUnavailable, (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("code").GetString());
            }
        }
        finally
        {
            Directory.Move(directory + "-away", directory);
        }

        var storeLines = server.Logs.Lines.Where(l => l.Level == LogLevel.Error && l.Message.StartsWith("The store could not take a batch", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, storeLines.Length);
        Assert.Equal(12, await server.MetricAsync("ingest_failures_total{reason=\"store_unavailable\"}"));
    }

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")] // the default: its refused connections are Warning events, and were never counted (an operator's trial)
    public async Task A_failing_otlp_export_is_counted_and_logged(string protocol)
    {
        // An endpoint where nothing listens: every export fails.
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + Instrumentation.TestServers.FreePort.Next());
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        Environment.SetEnvironmentVariable("OTEL_BSP_SCHEDULE_DELAY", "200");
        try
        {
            await using var server = await EdgeIngestServer.StartAsync();
            var tenant = await server.ProvisionAsync();
            using var device = await server.ConnectDeviceAsync(tenant.Token);
            await EdgeIngestServer.SendAsync(device, """{"message_id":"traced","sensor":"temperature","readings":[{"value":1}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());

            Assert.True(await WaitForAsync(server, "otlp_export_failures_total", 1) >= 1);
            for (var attempt = 0; attempt < 100 && !server.Logs.Lines.Any(IsExportFailure); attempt++)
            {
                await Task.Delay(50);
            }

            Assert.Contains(server.Logs.Lines, IsExportFailure);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
            Environment.SetEnvironmentVariable("OTEL_BSP_SCHEDULE_DELAY", null);
        }
    }

    private static bool IsExportFailure((string Category, LogLevel Level, string Message, Exception? Exception) line) =>
        line.Level == LogLevel.Warning && line.Message.StartsWith("An OTLP export failed", StringComparison.Ordinal);

    private static async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(15_000);
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (socket.CloseStatus, socket.CloseStatusDescription);
            }
        }
    }

    private static async Task<ClientWebSocket> ConnectWhenFreeAsync(EdgeIngestServer server, string token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await server.ConnectDeviceAsync(token);
            }
            catch (WebSocketException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<double> WaitForAsync(EdgeIngestServer server, string series, double expected)
    {
        var value = await server.MetricAsync(series);
        for (var attempt = 0; attempt < 300 && value < expected; attempt++)
        {
            await Task.Delay(50);
            value = await server.MetricAsync(series);
        }

        return value;
    }
}
