using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Hosting;
using EdgeIngest.Storage;
using Instrumentation.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>Issue 15 §2 on a real PostgreSQL: instances starting together, values PostgreSQL cannot store, the URL form of <c>--db</c>.</summary>
public sealed class PostgresHostileTests
{
    [Fact]
    public async Task Several_instances_creating_the_schema_at_once_on_a_fresh_database_all_succeed()
    {
        await using var postgres = await PostgresServer.StartAsync();
        for (var round = 0; round < 3; round++)
        {
            var connectionString = await postgres.CreateDatabaseAsync("fresh" + round);
            var stores = Enumerable.Range(0, 8).Select(_ => StoreConnection.Create(connectionString)).ToArray();
            try
            {
                // Every instance at once, as N EdgeIngest processes started by one deployment.
                await Task.WhenAll(stores.Select(s => Task.Run(() => new EdgeStore(s).InitializeAsync(default))));
                Assert.Equal(0, await new EdgeStore(stores[0]).CountAsync("sensor_readings", default));
            }
            finally
            {
                foreach (var store in stores)
                {
                    store.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task A_postgres_url_is_accepted_and_a_NUL_in_a_message_id_is_bad_input_not_a_store_outage()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await postgres.CreateDatabaseAsync("edge");
        // The URL form, with a password (trust authentication ignores it) and a query parameter.
        var url = $"postgres://postgres:s3cret@127.0.0.1:{postgres.Port}/edge?timeout=5";
        Assert.Contains("Database=edge", EdgeIngestOptions.Parse(new[] { "--db", url }).Db, StringComparison.Ordinal);

        await using var server = await EdgeIngestServer.StartAsync(db: url);
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        var before = await server.MetricAsync("ingest_failures_total{reason=\"invalid_message\"}");

        await EdgeIngestServer.SendAsync(device, """{"message_id":"nul-\u0000-id","sensor":"temperature","readings":[{"value":20}]}""");
        var refused = await EdgeIngestServer.ReceiveAsync(device);

        Assert.Equal(ErrorCodes.InvalidMessage, refused.GetProperty("code").GetString());
        Assert.Equal(before + 1, await server.MetricAsync("ingest_failures_total{reason=\"invalid_message\"}"));
        Assert.Equal(0, await server.MetricAsync("ingest_failures_total{reason=\"store_unavailable\"}"));
        await EdgeIngestServer.SendAsync(device, """{"message_id":"fine","sensor":"temperature","readings":[{"value":20}]}""");
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        Assert.Equal(1, await server.App.Services.GetRequiredService<EdgeStore>().CountAsync("sensor_readings", default));

        // The same on REST: a NUL PostgreSQL cannot store is a 400 invalid_message in JSON, not a 500 or a 503.
        using var rest = await server.SendAsync(System.Net.Http.HttpMethod.Post, $"api/projects/{tenant.ProjectId}/devices", new { name = "nul\u0000name" }, tenant.ApiKey);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, rest.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await rest.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ErrorCodes.InvalidMessage, body.GetProperty("code").GetString());
        Assert.Equal(0, await server.MetricAsync("store_errors_total{activity=\"rest\"}"));
    }

    [Fact]
    public void The_url_form_keeps_user_password_host_port_and_database()
    {
        var options = EdgeIngestOptions.Parse(new[] { "--db", "postgresql://edge%20user:p%40ss@db.internal:6543/telemetry" });
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.Db);

        Assert.Equal("edge user", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("telemetry", builder.Database);
    }
}
