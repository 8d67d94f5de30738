using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Hosting;
using Instrumentation.TestServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest.Tests;

/// <summary>The real EdgeIngest app on 127.0.0.1 with a temporary SQLite file, and a client for it.</summary>
public sealed class EdgeIngestServer : IAsyncDisposable
{
    private readonly string _directory;

    private EdgeIngestServer(WebApplication app, string baseUrl, string directory, string dbPath)
    {
        App = app;
        BaseUrl = baseUrl;
        _directory = directory;
        DbPath = dbPath;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public string DbPath { get; }

    public HttpClient Http { get; }

    public static async Task<EdgeIngestServer> StartAsync(string? metricsAuth = null, string? db = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        db ??= Path.Combine(directory, "edge.db");
        var url = "http://127.0.0.1:" + FreePort.Next();
        var args = metricsAuth is null
            ? new[] { "--urls", url, "--db", db }
            : new[] { "--urls", url, "--db", db, "--metrics-auth", metricsAuth };
        var app = await EdgeIngestApp.BuildAsync(EdgeIngestOptions.Parse(args));
        await app.StartAsync();
        return new EdgeIngestServer(app, url, directory, db);
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates an org, a project, a dashboard, a device and a temperature widget.</summary>
    public async Task<Tenant> ProvisionAsync(string name = "acme")
    {
        var org = (await PostAsync("api/orgs", new { name })).GetProperty("org_id").GetString()!;
        var project = (await PostAsync($"api/orgs/{org}/projects", new { name = name + "-site" })).GetProperty("project_id").GetString()!;
        var dashboard = (await PostAsync($"api/projects/{project}/dashboards", new { name = "main" })).GetProperty("dashboard_id").GetString()!;
        var device = await PostAsync($"api/projects/{project}/devices", new { name = "probe" });
        var deviceUuid = device.GetProperty("device_uuid").GetString()!;
        var widget = (await PostAsync($"api/dashboards/{dashboard}/widgets", new { device_uuid = deviceUuid, sensor = "temperature" })).GetProperty("widget_id").GetString()!;
        return new Tenant(org, project, dashboard, deviceUuid, device.GetProperty("token").GetString()!, widget);
    }

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(BaseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/" + pathAndQuery), CancellationToken.None);
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[256 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("socket closed: " + socket.CloseStatusDescription);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        App.Services.GetRequiredService<TracerProvider>().Dispose();
        App.Services.GetRequiredService<MeterProvider>().Dispose();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record Tenant(string OrgId, string ProjectId, string DashboardId, string DeviceUuid, string Token, string WidgetId);
