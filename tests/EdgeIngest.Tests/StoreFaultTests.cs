using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 15 §3 and §4 on a real SQLite file: what the store cannot durably write is never acknowledged,
/// <c>/ready</c> says so, outages are not auth failures, REST answers JSON, and the file is reopened once it is back.
/// </summary>
public sealed class StoreFaultTests
{
    private const string Frame = """{"message_id":"MID","sensor":"temperature","readings":[{"value":20},{"value":21}]}""";

    [Fact]
    public async Task A_vanished_database_directory_is_refused_not_acknowledged_and_the_restored_file_is_reopened()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        var other = await server.AddDeviceAsync(tenant, "other");
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, Frame.Replace("MID", "m-1"));
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        // A revocation makes the open connection re-check its device at its next frame (a store read in auth.check).
        using (var revoked = await server.SendAsync(HttpMethod.Delete, "api/devices/" + other.DeviceUuid, null, tenant.ApiKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        var directory = Path.GetDirectoryName(server.DbPath)!;
        var away = directory + "-away";
        Directory.Move(directory, away);
        try
        {
            await EdgeIngestServer.SendAsync(device, Frame.Replace("MID", "m-2"));
            var refused = await EdgeIngestServer.ReceiveAsync(device);
            Assert.Equal("error", refused.GetProperty("type").GetString());
            Assert.Equal(ErrorCodes.StoreUnavailable, refused.GetProperty("code").GetString());
            Assert.Equal(0, await server.MetricAsync("auth_failures_total{reason=\"store_unavailable\"}"));
            Assert.True(await server.MetricAsync("store_errors_total{activity=\"auth\"}") >= 1);
            using (var ready = await server.Http.GetAsync("ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            using var rest = await server.SendAsync(HttpMethod.Post, $"api/projects/{tenant.ProjectId}/devices", new { name = "late" }, tenant.ApiKey);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
            var body = JsonDocument.Parse(await rest.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(ErrorCodes.StoreUnavailable, body.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        }
        finally
        {
            // The directory is restored from its copy: a new file at the old path.
            Directory.CreateDirectory(directory);
            foreach (var name in new[] { "edge.db", "edge.db-wal" })
            {
                if (File.Exists(Path.Combine(away, name)))
                {
                    File.Copy(Path.Combine(away, name), Path.Combine(directory, name));
                }
            }
        }

        await EdgeIngestServer.SendAsync(device, Frame.Replace("MID", "m-2"));
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        using (var ready = await server.Http.GetAsync("ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // The acknowledged message is in the file at the path, not in the moved one.
        await using var check = new SqliteConnection("Data Source=" + server.DbPath + ";Pooling=false");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ingested_messages WHERE message_id = 'm-2'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        Directory.Delete(away, recursive: true);
    }

    [Fact]
    public async Task The_readiness_probe_answers_a_locked_store_within_its_own_second_not_the_store_timeout()
    {
        // A newcomer's trial: with the default 5 s store timeout, /ready took 5.6 s on a locked file although the probe is
        // documented to wait at most 1 s: the connection's pragmas were retried for the connection string's timeout. A
        // bound on a timeout the app itself sets (not a speed measurement): 5 s before, about 1 s now.
        await using var server = await EdgeIngestServer.StartAsync();
        await using var locker = new SqliteConnection("Data Source=" + server.DbPath + ";Pooling=false");
        await locker.OpenAsync();
        await using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var ready = await server.Http.GetAsync("ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "the probe took " + watch.Elapsed);
        await using var rollback = locker.CreateCommand();
        rollback.CommandText = "ROLLBACK";
        await rollback.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_database_locked_by_another_process_gets_store_unavailable_within_the_store_timeout_and_ready_says_so()
    {
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--store-timeout", "1" });
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);

        await using (var locker = new SqliteConnection("Data Source=" + server.DbPath + ";Pooling=false"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            await EdgeIngestServer.SendAsync(device, Frame.Replace("MID", "locked"));
            var refused = await EdgeIngestServer.ReceiveAsync(device, timeoutMs: 8_000);
            Assert.Equal(ErrorCodes.StoreUnavailable, refused.GetProperty("code").GetString());
            using (var ready = await server.Http.GetAsync("ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await EdgeIngestServer.SendAsync(device, Frame.Replace("MID", "locked"));
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        using (var ready = await server.Http.GetAsync("ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }
}
