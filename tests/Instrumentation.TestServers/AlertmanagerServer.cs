using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Instrumentation.TestServers;

/// <summary>An alert as Alertmanager's webhook delivered it: status (<c>firing</c>/<c>resolved</c>), labels and annotations.</summary>
public sealed record ReceivedAlert(string Status, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// A real Alertmanager (the Debian package's <c>/usr/bin/prometheus-alertmanager</c>, 0.25) on 127.0.0.1 with a
/// temporary storage directory and gossip off (<c>--cluster.listen-address=</c>), routing every alert at once
/// (<c>group_wait: 0s</c>) to a webhook receiver this class serves on 127.0.0.1. Disposing stops both and deletes
/// the directory.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly WebApplication _webhook;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _output = new();

    private AlertmanagerServer(Process process, string directory, int port, WebApplication webhook)
    {
        _process = process;
        _directory = directory;
        _webhook = webhook;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Alertmanager's port on 127.0.0.1 (what Prometheus's <c>alerting:</c> section points at).</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string HostPort => "127.0.0.1:" + Port;

    /// <summary>Every alert the webhook received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedAlert> Received { get; } = new();

    /// <summary>What Alertmanager wrote to stdout/stderr (for failure messages).</summary>
    public string Output => string.Join("\n", _output);

    public static string? FindExecutable()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("ALERTMANAGER_BIN"), "/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts the webhook receiver, then Alertmanager routing to it, and waits until Alertmanager is ready.</summary>
    public static async Task<AlertmanagerServer> StartAsync()
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException("Alertmanager is not installed: run ./test.sh (it installs prometheus-alertmanager with apt-get) or set ALERTMANAGER_BIN.");
        var directory = Path.Combine(Path.GetTempPath(), "alertmanager-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        var webhookUrl = "http://127.0.0.1:" + FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(webhookUrl);
        builder.Logging.ClearProviders();
        var webhook = builder.Build();
        AlertmanagerServer? server = null;
        webhook.MapPost("/alerts", async context =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
            {
                server?.Received.Enqueue(new ReceivedAlert(
                    alert.GetProperty("status").GetString() ?? string.Empty,
                    Strings(alert.GetProperty("labels")),
                    Strings(alert.GetProperty("annotations"))));
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await webhook.StartAsync();

        var config = $"""
            route:
              receiver: webhook
              group_by: ["alertname"]
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: webhook
                webhook_configs:
                  - url: "{webhookUrl}/alerts"
                    send_resolved: true
            """;
        var configPath = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(configPath, config);
        var port = FreePort.Next();
        var info = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("--config.file=" + configPath);
        info.ArgumentList.Add("--storage.path=" + Path.Combine(directory, "data"));
        info.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port);
        info.ArgumentList.Add("--cluster.listen-address=");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + executable);
        server = new AlertmanagerServer(process, directory, port, webhook);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits until the webhook received a firing alert named <paramref name="alertName"/>; null when the timeout passes.</summary>
    public async Task<ReceivedAlert?> WaitForFiringAsync(string alertName, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var alert = Received.FirstOrDefault(a => a.Status == "firing" && a.Labels.TryGetValue("alertname", out var name) && name == alertName);
            if (alert is not null)
            {
                return alert;
            }

            await Task.Delay(200);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await ServerProcess.StopAsync(_process);
        _http.Dispose();
        await _webhook.StopAsync();
        await _webhook.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string> Strings(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 200)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Alertmanager exited with code " + _process.ExitCode + ":\n" + Output);
            }

            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("Alertmanager did not become ready on port " + Port + ":\n" + Output);
    }
}
