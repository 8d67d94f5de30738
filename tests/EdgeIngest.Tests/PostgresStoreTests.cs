using System;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>EdgeIngest with <c>--db</c> a PostgreSQL connection string (a real server started by the test).</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Ingest_and_funnel_events_work_on_postgres()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using (var server = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString))
        {
            var tenant = await server.ProvisionAsync();
            using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);
            const string frame = """{"message_id":"pg-1","sensor":"temperature","readings":[{"value":20},{"value":21}]}""";
            await EdgeIngestServer.SendAsync(device, frame);
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
            await EdgeIngestServer.SendAsync(device, frame);
            Assert.Equal("replayed_message", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("code").GetString());

            var store = server.App.Services.GetRequiredService<EdgeStore>();
            Assert.Equal(2, await store.CountAsync("sensor_readings", default));
            Assert.Equal(2, await store.CountAsync("ts_points", default));
            Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
            var funnel = EdgeIngest.Hosting.EdgeIngestResources.FunnelStore(server.App);
            Assert.Equal(1, await funnel.CountAsync("FirstDeviceData", default));
            Assert.Contains("PostgreSQL", store.Description);
        }
    }
}
