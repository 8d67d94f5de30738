using System;
using System.Net;
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
    public async Task Ingest_works_on_postgres_and_an_outage_is_refused_counted_and_survived()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var server = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        const string frame = """{"message_id":"pg-1","sensor":"temperature","readings":[{"value":20},{"value":21}]}""";
        await EdgeIngestServer.SendAsync(device, frame);
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        await EdgeIngestServer.SendAsync(device, frame);
        var replay = await EdgeIngestServer.ReceiveAsync(device);
        Assert.Equal("ack", replay.GetProperty("type").GetString());
        Assert.True(replay.GetProperty("replay").GetBoolean());

        var store = server.App.Services.GetRequiredService<EdgeStore>();
        Assert.Equal(2, await store.CountAsync("sensor_readings", default));
        Assert.Equal(2, await store.CountAsync("ts_points", default));
        Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
        var funnel = EdgeIngest.Hosting.EdgeIngestResources.FunnelStore(server.App);
        Assert.Equal(1, await funnel.CountAsync("FirstDeviceData", default));
        Assert.Contains("PostgreSQL", store.Description);

        // The store goes down: the frame is refused with a code, nothing is half-stored, and the failure is
        // counted by the time-series step (the SPEC 3.5 critical alert) and by reason on the ingest counter.
        await postgres.StopAsync();
        await EdgeIngestServer.SendAsync(device, frame.Replace("pg-1", "pg-2"));
        var refused = await EdgeIngestServer.ReceiveAsync(device);
        Assert.Equal("store_unavailable", refused.GetProperty("code").GetString());
        Assert.Equal("pg-2", refused.GetProperty("message_id").GetString());
        Assert.Equal(1, await server.MetricAsync("ts_write_failures_total"));
        Assert.Equal(1, await server.MetricAsync("ingest_failures_total{reason=\"store_unavailable\"}"));
        using (var ready = await server.Http.GetAsync("ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // Back up: the same connection's retry is stored once.
        await postgres.StartAgainAsync();
        var answer = "";
        for (var attempt = 0; attempt < 5 && answer != "ack"; attempt++)
        {
            await EdgeIngestServer.SendAsync(device, frame.Replace("pg-1", "pg-2"));
            answer = (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString()!;
        }

        Assert.Equal("ack", answer);
        Assert.Equal(4, await store.CountAsync("sensor_readings", default));
        Assert.Equal(4, await store.CountAsync("ts_points", default));
    }
}
