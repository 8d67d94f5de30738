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
}
