using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EdgeIngest.Tests;

/// <summary>Two EdgeIngest instances on one real PostgreSQL behave as one service (issue 15 §7, docs/scale-out.md).</summary>
public sealed class ScaleOutTests
{
    private readonly ITestOutputHelper _output;

    public ScaleOutTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_dashboard_on_either_instance_gets_every_reading_ingested_through_both_in_order_per_device()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var a = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        await using var b = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        // Provisioned through A only: B learns the widget (and later the flow) from A's notifications.
        var tenant = await a.ProvisionAsync("scaled");
        var other = await b.ProvisionAsync("bystander");
        var flowId = (await a.PostAsync($"api/projects/{tenant.ProjectId}/flows", new
        {
            name = "hot",
            sensor = "temperature",
            nodes = new object[] { new { id = "hot", type = "threshold", max = 1000.0 }, new { id = "tell", type = "alert", severity = "critical" } },
            edges = new object[] { new { from = "hot", to = "tell" } },
        }, tenant.ApiKey)).GetProperty("flow_uuid").GetString()!;
        using var dashboardOnB = await b.ConnectDashboardAsync(tenant);
        using var dashboardOnA = await a.ConnectDashboardAsync(tenant);
        using var bystanderOnA = await a.ConnectDashboardAsync(other);

        // The device streams through A, reconnects to B, then back to A: 3 × 15 frames, each acknowledged before the next.
        var sent = new List<string>();
        foreach (var (server, leg) in new[] { (a, "a1"), (b, "b"), (a, "a2") })
        {
            using var device = await server.ConnectDeviceAsync(tenant.Token);
            for (var i = 0; i < 15; i++)
            {
                var id = leg + "-" + i;
                await EdgeIngestServer.SendAsync(device, "{\"message_id\":\"" + id + "\",\"sensor\":\"temperature\",\"readings\":[{\"value\":" + i + "}]}");
                Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
                sent.Add(id);
            }

            await device.CloseAsync(WebSocketCloseStatus.NormalClosure, "moving", default);
        }

        // A batch too large for one NOTIFY (500 values of 16 digits: over 8000 bytes) still reaches both dashboards, after the others.
        using (var device = await b.ConnectDeviceAsync(tenant.Token))
        {
            var readings = string.Join(",", Enumerable.Range(0, 500).Select(i => "{\"value\":" + i + ".123456789012}"));
            await EdgeIngestServer.SendAsync(device, "{\"message_id\":\"big\",\"sensor\":\"temperature\",\"readings\":[" + readings + "]}");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
            sent.Add("big");

            // A reading over the flow's threshold, ingested through B: the alert of A's flow reaches dashboards on both instances.
            await EdgeIngestServer.SendAsync(device, """{"message_id":"alarm","sensor":"temperature","readings":[{"value":5000}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
            sent.Add("alarm");
        }

        foreach (var (dashboard, name) in new[] { (dashboardOnB, "B"), (dashboardOnA, "A") })
        {
            var received = new List<string>();
            JsonElement? alert = null;
            while (received.Count < sent.Count || alert is null)
            {
                var frame = await EdgeIngestServer.ReceiveAsync(dashboard);
                switch (frame.GetProperty("type").GetString())
                {
                    case "reading":
                        Assert.Equal(tenant.WidgetId, frame.GetProperty("widget_id").GetString());
                        received.Add(frame.GetProperty("message_id").GetString()!);
                        if (received[^1] == "big")
                        {
                            Assert.Equal(500, frame.GetProperty("values").GetArrayLength());
                        }

                        break;
                    case "alert":
                        alert = frame;
                        break;
                    default:
                        throw new InvalidOperationException("unexpected frame on dashboard " + name + ": " + frame);
                }
            }

            Assert.Equal(sent, received);
            Assert.Equal(flowId, alert!.Value.GetProperty("flow_id").GetString());
            Assert.Equal(5000, alert.Value.GetProperty("value").GetDouble());
        }

        // Another org's dashboard saw nothing of it: the next frame it gets is its own device's reading.
        using (var otherDevice = await b.ConnectDeviceAsync(other.Token))
        {
            await EdgeIngestServer.SendAsync(otherDevice, """{"message_id":"mine","sensor":"temperature","readings":[{"value":1}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(otherDevice)).GetProperty("type").GetString());
        }

        var own = await EdgeIngestServer.ReceiveAsync(bystanderOnA);
        Assert.Equal("mine", own.GetProperty("message_id").GetString());
        Assert.Equal(other.WidgetId, own.GetProperty("widget_id").GetString());
    }

    [Fact]
    public async Task A_revocation_through_one_instance_reaches_the_open_connections_and_token_cache_of_the_other()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var a = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        await using var b = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        var tenant = await a.ProvisionAsync("revoked");
        using var onB = await b.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(onB, """{"message_id":"before","sensor":"temperature","readings":[{"value":1}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(onB)).GetProperty("type").GetString());
        var storeB = b.App.Services.GetRequiredService<EdgeStore>();
        var generation = storeB.RevocationGeneration;

        var clock = Stopwatch.StartNew();
        using (var revoke = await a.SendAsync(HttpMethod.Delete, "api/devices/" + tenant.DeviceUuid, null, tenant.ApiKey))
        {
            Assert.True(revoke.IsSuccessStatusCode, revoke.ToString());
        }

        // B hears it from PostgreSQL (not from its 10 s re-check): its revocation generation moves.
        while (storeB.RevocationGeneration == generation)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "instance B never heard of the revocation made through A");
            await Task.Delay(5);
        }

        _output.WriteLine($"revocation reached instance B {clock.Elapsed.TotalMilliseconds:0.0} ms after the DELETE was sent");

        // The open connection on B is refused at its next frame and closed; a new connection to B is refused.
        await EdgeIngestServer.SendAsync(onB, """{"message_id":"after","sensor":"temperature","readings":[{"value":1}]}""");
        Assert.Equal("device_revoked", (await EdgeIngestServer.ReceiveAsync(onB)).GetProperty("code").GetString());
        using var again = await b.ConnectDeviceAsync(tenant.Token);
        Assert.Equal("device_revoked", (await EdgeIngestServer.ReceiveAsync(again)).GetProperty("code").GetString());
        Assert.Equal(1, await storeB.CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default));
    }

    [Fact]
    public async Task After_a_database_restart_the_instances_listen_again_and_recheck_what_they_may_have_missed()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var a = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        await using var b = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        var tenant = await a.ProvisionAsync("restarted");
        using var dashboardOnB = await b.ConnectDashboardAsync(tenant);
        var storeB = b.App.Services.GetRequiredService<EdgeStore>();
        var generation = storeB.RevocationGeneration;

        await postgres.StopAsync();
        await postgres.StartAgainAsync();

        // B noticed the gap, reconnected and re-checked its devices (a revocation may have been announced meanwhile).
        var clock = Stopwatch.StartNew();
        while (!b.Logs.Lines.Any(l => l.Message.StartsWith("Back on the cluster channel", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), "instance B did not listen again after the database restart");
            await Task.Delay(50);
        }

        Assert.NotEqual(generation, storeB.RevocationGeneration);
        Assert.Contains(b.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.StartsWith("The cluster channel connection failed", StringComparison.Ordinal));

        // Readings ingested through A after the restart reach the dashboard on B again.
        using var device = await a.ConnectDeviceAsync(tenant.Token);
        var answer = "";
        for (var attempt = 0; attempt < 5 && answer != "ack"; attempt++)
        {
            // The first frame may meet a pooled connection the restart killed (store_unavailable): the device retries.
            await EdgeIngestServer.SendAsync(device, """{"message_id":"after-restart","sensor":"temperature","readings":[{"value":7}]}""");
            answer = (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString()!;
        }

        Assert.Equal("ack", answer);
        var frame = await EdgeIngestServer.ReceiveAsync(dashboardOnB, 20_000);
        Assert.Equal("after-restart", frame.GetProperty("message_id").GetString());
    }
}
