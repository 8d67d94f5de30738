using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EdgeIngest.Observability;
using Instrumentation.Observability;
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// SPEC §3.5: the generated alert rules and dashboard. promtool accepts the rule file; a real Prometheus
/// loads it, scrapes the real app, and fires the critical alert on the first ts.write failure (which only
/// works because the failure counter is exported at 0 before it); every panel query is valid PromQL.
/// </summary>
public sealed class ObservabilityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeingest-obs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_command_writes_rules_that_promtool_accepts_and_a_dashboard_with_every_panel()
    {
        var exitCode = ObservabilityCommand.Run(new[] { "--out", _directory });

        Assert.Equal(0, exitCode);
        var (promtool, output) = await PrometheusServer.CheckRulesAsync(Path.Combine(_directory, "alerts.yml"));
        Assert.True(promtool == 0, "promtool check rules failed: " + output);
        Assert.Contains("SUCCESS: 7 rules found", output);

        var plan = EdgeIngestObservability.Create();
        Assert.Equal(
            new[]
            {
                "IngestLatencyHigh/warning", "IngestLatencyHigh/page", "BroadcastLatencyHigh/warning", "BroadcastLatencyHigh/page",
                "FlowFailureRateHigh/warning", "TimeSeriesWriteFailing/critical", "OrgIngestSpike/warning",
            },
            plan.Alerts.Select(a => a.Name + "/" + a.SeverityLabel));
        using var dashboard = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "dashboard.json")));
        Assert.Equal(
            new[]
            {
                "Ingest rate", "Ingest rate per org", "Ingest latency P50 / P95", "Broadcast latency P95", "Active WebSocket connections",
                "Flow executions: success vs failure", "Top orgs by readings (24 h)", "Time to first device data",
            },
            dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--out")]
    [InlineData("--dir x")]
    [InlineData("--out a --out b")]
    public void Bad_arguments_exit_with_2(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, ObservabilityCommand.Run(args));
        Assert.False(File.Exists("a/alerts.yml"));
    }

    [Fact]
    public void An_output_path_that_is_a_file_exits_with_2_and_writes_nothing()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "file");
        File.WriteAllText(file, "x");

        Assert.Equal(2, ObservabilityCommand.Run(new[] { "--out", file }));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Prometheus_fires_the_ts_write_alert_on_the_first_failure_and_accepts_every_panel_query()
    {
        Assert.Equal(0, ObservabilityCommand.Run(new[] { "--out", _directory }));
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(server.BaseUrl).Authority, ruleFile: Path.Combine(_directory, "alerts.yml"));

        // The zero series: Prometheus has the counter at 0 before anything failed.
        var before = await prometheus.WaitForValueAsync("ts_write_failures_total", TimeSpan.FromSeconds(20));
        var (health, lastError) = await prometheus.TargetAsync();
        Assert.True(before is not null, "ts_write_failures_total was never scraped; target " + health + " " + lastError);
        Assert.Equal(0, before);
        Assert.Empty(await prometheus.AlertsAsync());

        // The store goes away for one frame: ts.write (the batch's first step) fails.
        var directory = Path.GetDirectoryName(server.DbPath)!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(directory, directory + "-away");
        await EdgeIngestServer.SendAsync(device, """{"message_id":"m-1","sensor":"temperature","readings":[{"value":21.5}]}""");
        var refused = await EdgeIngestServer.ReceiveAsync(device);
        Directory.Move(directory + "-away", directory);
        Assert.Equal("store_unavailable", refused.GetProperty("code").GetString());

        var alert = await WaitForAlertAsync(prometheus, "TimeSeriesWriteFailing", TimeSpan.FromSeconds(20));
        Assert.True(alert is not null, "TimeSeriesWriteFailing never became pending or firing; alerts: "
            + string.Join(", ", (await prometheus.AlertsAsync()).Select(a => a.Name + "=" + a.State)));
        Assert.Contains(alert.Value.State, new[] { "pending", "firing" });
        Assert.Equal("critical", alert.Value.Severity);

        // Every rule evaluates cleanly, and every panel query is valid PromQL over what /metrics serves.
        var rules = await prometheus.RulesAsync();
        Assert.Equal(7, rules.Count);
        Assert.All(rules, r => Assert.True(r.Health == "ok", r.Name + ": " + r.Health + " " + r.LastError));
        foreach (var panel in EdgeIngestObservability.Create().Panels)
        {
            foreach (var query in panel.Queries)
            {
                var (accepted, error) = await prometheus.CheckQueryAsync(query.Expression.Text);
                Assert.True(accepted, panel.Title + ": " + query.Expression.Text + ": " + error);
            }
        }

    }

    private static async Task<(string Name, string State, string Severity)?> WaitForAlertAsync(PrometheusServer prometheus, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var alert in await prometheus.AlertsAsync())
            {
                if (alert.Name == name)
                {
                    return alert;
                }
            }

            await Task.Delay(250);
        }

        return null;
    }
}
