using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EdgeIngest.Observability;
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 16 §4: an alert of the generated rule file reaches a receiver. The real app, a real Prometheus scraping it
/// with the rules <c>observability --out</c> wrote and sending to a real Alertmanager, which routes to a webhook on
/// 127.0.0.1. A time-series write failure (the store directory moved away for one frame) must arrive there as a
/// firing <c>TimeSeriesWriteFailing</c> with the rule's labels and annotations.
/// </summary>
public sealed class AlertDeliveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeingest-alerts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_time_series_write_failure_reaches_the_alertmanager_webhook_with_the_rules_labels_and_annotations()
    {
        Assert.Equal(0, ObservabilityCommand.Run(new[] { "--out", _directory }));
        var rule = Assert.Single(EdgeIngestObservability.Create().Alerts, a => a.Name == "TimeSeriesWriteFailing");
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await using var prometheus = await PrometheusServer.StartAsync(
            new Uri(server.BaseUrl).Authority, ruleFile: Path.Combine(_directory, "alerts.yml"), alertmanagerHostPort: alertmanager.HostPort);

        // The failure counter is scraped at 0 first (so increase() sees the step), and nothing has fired yet.
        Assert.Equal(0, await prometheus.WaitForValueAsync("ts_write_failures_total", TimeSpan.FromSeconds(20)));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(alertmanager.Received);

        // The store goes away for one frame: ts.write (the batch's first step) fails and the device is refused.
        var directory = Path.GetDirectoryName(server.DbPath)!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(directory, directory + "-away");
        await EdgeIngestServer.SendAsync(device, """{"message_id":"m-1","sensor":"temperature","readings":[{"value":21.5}]}""");
        var refused = await EdgeIngestServer.ReceiveAsync(device);
        Directory.Move(directory + "-away", directory);
        Assert.Equal("store_unavailable", refused.GetProperty("code").GetString());

        var received = await alertmanager.WaitForFiringAsync("TimeSeriesWriteFailing", TimeSpan.FromSeconds(30));
        Assert.True(received is not null, "no firing TimeSeriesWriteFailing reached the webhook; received: "
            + string.Join(", ", alertmanager.Received.Select(a => a.Status + " " + a.Labels.GetValueOrDefault("alertname")))
            + "; Prometheus alerts: " + string.Join(", ", (await prometheus.AlertsAsync()).Select(a => a.Name + "=" + a.State))
            + "\nAlertmanager output:\n" + alertmanager.Output);

        var alert = received!;

        // Labels: exactly the alert name and the rule's severity (the expression sums the counter, so no job/instance).
        Assert.Equal(
            new[] { "alertname=TimeSeriesWriteFailing", "severity=critical" },
            alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
        Assert.Equal(rule.SeverityLabel, alert.Labels["severity"]);

        // Annotations: the rule's description as written, its summary with {{ $value | humanize }} rendered to a number.
        Assert.Equal(rule.Description, alert.Annotations["description"]);
        Assert.Matches(new Regex(@"^Time-series writes failed [0-9][0-9.]* times in 5 minutes$"), alert.Annotations["summary"]);
        Assert.Equal(2, alert.Annotations.Count);

        // Only the alert that was provoked fired.
        Assert.All(alertmanager.Received, a => Assert.Equal("TimeSeriesWriteFailing", a.Labels["alertname"]));
    }
}
