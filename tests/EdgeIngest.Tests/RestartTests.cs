using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>What was created through the API keeps working after the app restarts on the same store.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Widgets_and_flows_survive_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-restart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "edge.db");
        try
        {
            Tenant tenant;
            string flowId;
            await using (var first = await EdgeIngestServer.StartAsync(db: db))
            {
                tenant = await first.ProvisionAsync("durable");
                flowId = (await first.PostAsync($"api/projects/{tenant.ProjectId}/flows", new
                {
                    name = "any",
                    sensor = "temperature",
                    nodes = new object[] { new { id = "warm", type = "threshold", max = 10.0 }, new { id = "tell", type = "alert", severity = "info" } },
                    edges = new object[] { new { from = "warm", to = "tell" } },
                }, tenant.ApiKey)).GetProperty("flow_uuid").GetString()!;
            }

            await using var second = await EdgeIngestServer.StartAsync(db: db);
            using var dashboard = await second.ConnectDashboardAsync(tenant);
            using var device = await second.ConnectDeviceAsync(tenant.Token);

            await EdgeIngestServer.SendAsync(device, """{"message_id":"after-restart","sensor":"temperature","readings":[{"value":5},{"value":25}]}""");

            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
            var frames = new[] { await EdgeIngestServer.ReceiveAsync(dashboard), await EdgeIngestServer.ReceiveAsync(dashboard) };
            var reading = Assert.Single(frames, f => f.GetProperty("type").GetString() == "reading");
            Assert.Equal(tenant.WidgetId, reading.GetProperty("widget_id").GetString());
            Assert.Equal("after-restart", reading.GetProperty("message_id").GetString());
            var alert = Assert.Single(frames, f => f.GetProperty("type").GetString() == "alert");
            Assert.Equal(flowId, alert.GetProperty("flow_id").GetString());
            Assert.Equal(25, alert.GetProperty("value").GetDouble());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_from_before_api_keys_and_flow_graphs_is_upgraded_in_place()
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "edge.db");
        try
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db + ";Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                // The first release's tables: no api_key_hash / owner_email / token_hash, flows stored as a node list.
                command.CommandText = """
                    CREATE TABLE orgs (org_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE dashboards (dashboard_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE flows (flow_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, template TEXT NOT NULL, sensor TEXT NOT NULL, definition TEXT NOT NULL, created_at TEXT NOT NULL);
                    INSERT INTO orgs VALUES ('old-org', 'old', '2026-01-01T00:00:00.000Z');
                    INSERT INTO flows VALUES ('old-flow', 'old-org', 'old-project', 'f', 'threshold_alert', 'Temperature', '[{"NodeId":"n1","Type":3}]', '2026-01-01T00:00:00.000Z');
                    """;
                await command.ExecuteNonQueryAsync();
            }

            await using var server = await EdgeIngestServer.StartAsync(db: db);
            var tenant = await server.ProvisionAsync("new");
            using var device = await server.ConnectDeviceAsync(tenant.Token);
            await EdgeIngestServer.SendAsync(device, """{"message_id":"m","sensor":"temperature","readings":[{"value":1}]}""");

            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
            Assert.Contains(server.Logs.Lines, l => l.Message.StartsWith("Flow old-flow could not be loaded", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
