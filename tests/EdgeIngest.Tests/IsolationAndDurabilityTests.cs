using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

public sealed class IsolationAndDurabilityTests
{
    [Fact]
    public async Task Two_orgs_streaming_at_once_never_see_each_others_data()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var a = await server.ProvisionAsync("a");
        var b = await server.ProvisionAsync("b");
        using var dashboardA = await server.ConnectDashboardAsync(a);
        using var dashboardB = await server.ConnectDashboardAsync(b);
        var receivedA = Collect(dashboardA);
        var receivedB = Collect(dashboardB);

        await Task.WhenAll(StreamAsync(server, a.Token, "a", 50), StreamAsync(server, b.Token, "b", 50));
        await Task.Delay(1_000);
        await CloseAsync(dashboardA);
        await CloseAsync(dashboardB);
        var seenA = await receivedA;
        var seenB = await receivedB;

        Assert.Equal(50, seenA.Count);
        Assert.Equal(50, seenB.Count);
        Assert.All(seenA, m => Assert.StartsWith("a-", m.MessageId));
        Assert.All(seenA, m => Assert.Equal(a.WidgetId, m.WidgetId));
        Assert.All(seenB, m => Assert.StartsWith("b-", m.MessageId));
        Assert.All(seenB, m => Assert.Equal(b.WidgetId, m.WidgetId));

        // Stored rows carry their own tenant only.
        var store = server.App.Services.GetRequiredService<EdgeStore>();
        Assert.Equal(100, await store.CountAsync("sensor_readings", default));
        Assert.Equal(50, await store.CountReadingsAsync(a.OrgId, a.DeviceUuid, default));
        Assert.Equal(50, await store.CountReadingsAsync(b.OrgId, b.DeviceUuid, default));
    }

    [Fact]
    public async Task Fifty_devices_by_two_hundred_messages_are_all_stored_once_and_broadcast()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync("many");
        var tokens = new List<string> { tenant.Token };
        for (var i = 1; i < 50; i++)
        {
            tokens.Add((await server.AddDeviceAsync(tenant, "d" + i)).Token);
        }

        using var listener = await server.ConnectDashboardAsync(tenant);
        var received = Collect(listener);
        var acknowledged = await Task.WhenAll(tokens.Select((token, i) => StreamAsync(server, token, "dev" + i, 200)));

        var store = server.App.Services.GetRequiredService<EdgeStore>();
        Assert.Equal(10_000, acknowledged.Sum());
        Assert.Equal(10_000, await store.CountAsync("sensor_readings", default));
        Assert.Equal(10_000, await store.CountAsync("ingested_messages", default));
        await Task.Delay(1_000);
        await CloseAsync(listener);
        var broadcasts = await received;
        Assert.Equal(10_000, broadcasts.Select(m => m.MessageId).Distinct().Count());
    }

    private sealed record Seen(string MessageId, string WidgetId);

    private static async Task<int> StreamAsync(EdgeIngestServer server, string token, string prefix, int messages)
    {
        using var socket = await server.ConnectDeviceAsync(token);
        var acks = 0;
        for (var i = 0; i < messages; i++)
        {
            await EdgeIngestServer.SendAsync(socket, "{\"message_id\":\"" + prefix + "-" + i + "\",\"sensor\":\"temperature\",\"readings\":[{\"value\":" + i + "}]}");
            var reply = await EdgeIngestServer.ReceiveAsync(socket, 30_000);
            if (reply.GetProperty("type").GetString() == "ack")
            {
                acks++;
            }
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return acks;
    }

    private static Task<List<Seen>> Collect(ClientWebSocket socket) => Task.Run(async () =>
    {
        var seen = new List<Seen>();
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                using var document = System.Text.Json.JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                seen.Add(new Seen(document.RootElement.GetProperty("message_id").GetString()!, document.RootElement.GetProperty("widget_id").GetString()!));
            }
        }
        catch (WebSocketException)
        {
        }

        return seen;
    });

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
    }
}
