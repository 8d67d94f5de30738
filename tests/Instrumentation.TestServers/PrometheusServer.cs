using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.TestServers;

/// <summary>
/// A real Prometheus server (the Debian package's <c>/usr/bin/prometheus</c>) on 127.0.0.1 with a
/// temporary data directory, scraping one target and evaluating its rules (if given a rule file) every
/// second. Disposing stops it and deletes its data.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public static string? FindExecutable()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("PROMETHEUS_BIN"), "/usr/bin/prometheus", "/usr/local/bin/prometheus" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs <c>promtool check rules</c> (from the same Debian package) on <paramref name="ruleFile"/>: its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckRulesAsync(string ruleFile)
    {
        var executable = new[] { Environment.GetEnvironmentVariable("PROMTOOL_BIN"), "/usr/bin/promtool", "/usr/local/bin/promtool" }
            .FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException("promtool is not installed: run ./test.sh (it installs the prometheus package with apt-get) or set PROMTOOL_BIN.");
        var info = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("rules");
        info.ArgumentList.Add(ruleFile);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + executable);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targetHostPort"/> at <paramref name="metricsPath"/>, with the
    /// alerting/recording rules of <paramref name="ruleFile"/> when given (a copy is loaded), sending its alerts to the
    /// Alertmanager at <paramref name="alertmanagerHostPort"/> when given (an <c>alerting:</c> section), listening on
    /// <paramref name="port"/> (a free one when null; an app that must know the address before Prometheus starts
    /// takes <see cref="FreePort.Next"/> first).
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string targetHostPort, string metricsPath = "/metrics", string? basicAuthUser = null, string? basicAuthPassword = null, string? ruleFile = null, string? alertmanagerHostPort = null, int? port = null)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException("Prometheus is not installed: run ./test.sh (it installs it with apt-get) or set PROMETHEUS_BIN.");
        var directory = Path.Combine(Path.GetTempPath(), "prom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var auth = basicAuthUser is null ? string.Empty : $"""
                basic_auth:
                  username: {basicAuthUser}
                  password: {basicAuthPassword}
            """;
        var rules = string.Empty;
        if (ruleFile is not null)
        {
            var copy = Path.Combine(directory, "rules.yml");
            File.Copy(ruleFile, copy);
            rules = "rule_files: [\"" + copy + "\"]";
        }

        var alerting = alertmanagerHostPort is null ? string.Empty : $"""
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["{alertmanagerHostPort}"]
            """;
        var config = $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            {rules}
            {alerting}
            scrape_configs:
              - job_name: app
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ["{targetHostPort}"]
            {auth}
            """;
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config);
        var listenPort = port ?? FreePort.Next();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--config.file=" + configPath);
        info.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        info.ArgumentList.Add("--web.listen-address=127.0.0.1:" + listenPort);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + executable);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, listenPort);
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Runs an instant query and returns the first sample's value, or null when there is none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        var value = result[0].GetProperty("value")[1].GetString();
        return double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> until it has a value (or the timeout passes).</summary>
    public async Task<double?> WaitForValueAsync(string promql, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var value = await QueryAsync(promql);
            if (value is not null)
            {
                return value;
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Whether Prometheus accepts <paramref name="promql"/> as an instant query (status success), and its error otherwise.</summary>
    public async Task<(bool Accepted, string Error)> CheckQueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var accepted = root.GetProperty("status").GetString() == "success";
        return (accepted, accepted ? string.Empty : root.TryGetProperty("error", out var error) ? error.GetString() ?? string.Empty : "status " + (int)response.StatusCode);
    }

    /// <summary>The active alerts (<c>/api/v1/alerts</c>): name, state (<c>pending</c> or <c>firing</c>) and severity label.</summary>
    public async Task<IReadOnlyList<(string Name, string State, string Severity)>> AlertsAsync()
    {
        using var response = await _http.GetAsync("api/v1/alerts");
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var alerts = new List<(string, string, string)>();
        foreach (var alert in document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray())
        {
            var labels = alert.GetProperty("labels");
            alerts.Add((
                labels.GetProperty("alertname").GetString() ?? string.Empty,
                alert.GetProperty("state").GetString() ?? string.Empty,
                labels.TryGetProperty("severity", out var severity) ? severity.GetString() ?? string.Empty : string.Empty));
        }

        return alerts;
    }

    /// <summary>Every loaded rule (<c>/api/v1/rules</c>): name, health (<c>ok</c>, <c>err</c>, <c>unknown</c> before its first evaluation) and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string LastError)>> RulesAsync()
    {
        using var response = await _http.GetAsync("api/v1/rules");
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rules = new List<(string, string, string)>();
        foreach (var group in document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                rules.Add((
                    rule.GetProperty("name").GetString() ?? string.Empty,
                    rule.GetProperty("health").GetString() ?? string.Empty,
                    rule.TryGetProperty("lastError", out var error) ? error.GetString() ?? string.Empty : string.Empty));
            }
        }

        return rules;
    }

    /// <summary>The health of the scrape target as Prometheus sees it (<c>up</c>, <c>down</c>, <c>unknown</c>) and its last error.</summary>
    public async Task<(string Health, string LastError)> TargetAsync()
    {
        using var response = await _http.GetAsync("api/v1/targets");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets");
        if (targets.GetArrayLength() == 0)
        {
            return ("unknown", string.Empty);
        }

        return (targets[0].GetProperty("health").GetString() ?? "unknown", targets[0].GetProperty("lastError").GetString() ?? string.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        await ServerProcess.StopAsync(_process);
        _http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Prometheus exited with code " + _process.ExitCode);
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

        throw new TimeoutException("Prometheus did not become ready on port " + Port);
    }
}
