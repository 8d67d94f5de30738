using System.Diagnostics;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using Instrumentation;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>broadcast_queue_size is the total waiting on all dashboards; frames dropped for a slow dashboard are counted.</summary>
public sealed class BroadcastTests
{
    [Fact]
    public async Task Queue_size_totals_every_dashboard_and_frames_dropped_for_a_slow_one_are_counted()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var a = await server.ProvisionAsync("a");
        var b = await server.ProvisionAsync("b");
        var hub = server.App.Services.GetRequiredService<DashboardHub>();
        // Two dashboard connections whose clients never read: their queues only grow.
        var slowA = hub.Connect(new DashboardIdentity(a.DashboardId, a.OrgId, a.ProjectId), "slow-a");
        var slowB = hub.Connect(new DashboardIdentity(b.DashboardId, b.OrgId, b.ProjectId), "slow-b");

        using (var deviceA = await server.ConnectDeviceAsync(a.Token))
        {
            for (var i = 0; i < 3; i++)
            {
                await EdgeIngestServer.SendAsync(deviceA, "{\"message_id\":\"a-" + i + "\",\"sensor\":\"temperature\",\"readings\":[{\"value\":1}]}");
                await EdgeIngestServer.ReceiveAsync(deviceA);
            }
        }

        using (var deviceB = await server.ConnectDeviceAsync(b.Token))
        {
            await EdgeIngestServer.SendAsync(deviceB, """{"message_id":"b-0","sensor":"temperature","readings":[{"value":1}]}""");
            await EdgeIngestServer.ReceiveAsync(deviceB);
        }

        // When b's frame was broadcast, a's three frames were waiting: the gauge is the total, not b's own queue.
        Assert.Equal(3, slowA.Pending);
        Assert.Equal(1, slowB.Pending);
        Assert.Equal(3, await server.MetricAsync("broadcast_queue_size"));

        // Past its capacity, a slow dashboard loses its oldest frames: each drop is counted, and the client will be told.
        var tenantA = new TenantContext(a.OrgId, a.ProjectId, a.DeviceUuid);
        var readings = new[] { new Reading(1, System.DateTimeOffset.UtcNow) };
        for (var i = 0; i < DashboardConnection.Capacity; i++)
        {
            hub.Publish(tenantA, "flood-" + i, SensorKind.Temperature, readings, Stopwatch.GetTimestamp());
        }

        Assert.Equal(DashboardConnection.Capacity, slowA.Pending);
        Assert.Equal(3, await server.MetricAsync("broadcast_dropped_total"));
        Assert.Equal(3, slowA.TakeMissed());
        Assert.Equal(1, slowB.Pending);
    }
}
