using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
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
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest.Tests;

/// <summary>The real EdgeIngest app on 127.0.0.1 with a temporary SQLite file, a client for it, and the log lines it wrote.</summary>
public sealed class EdgeIngestServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    private EdgeIngestServer(WebApplication app, string baseUrl, string directory, bool ownsDirectory, string dbPath, CapturedLogs logs)
    {
        App = app;
        BaseUrl = baseUrl;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        DbPath = dbPath;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public string DbPath { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Starts the app; <paramref name="db"/> reuses a store (a restart) or names a PostgreSQL connection string.</summary>
    public static async Task<EdgeIngestServer> StartAsync(string? metricsAuth = null, string? db = null, string[]? extraArgs = null)
    {
        var ownsDirectory = db is null;
        var directory = ownsDirectory ? Path.Combine(Path.GetTempPath(), "edgeingest-test-" + Guid.NewGuid().ToString("N")) : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        db ??= Path.Combine(directory, "edge.db");
        var url = "http://127.0.0.1:" + FreePort.Next();
        var args = metricsAuth is null
            ? new[] { "--urls", url, "--db", db }
            : new[] { "--urls", url, "--db", db, "--metrics-auth", metricsAuth };
        args = args.Concat(extraArgs ?? Array.Empty<string>()).ToArray();
        var logs = new CapturedLogs();
        var app = await EdgeIngestApp.BuildAsync(EdgeIngestOptions.Parse(args), logging => logging.AddProvider(logs));
        await app.StartAsync();
        return new EdgeIngestServer(app, url, directory, ownsDirectory, db, logs);
    }

    /// <summary>POSTs JSON (with the org's API key when given) and returns the body; a non-2xx answer throws.</summary>
    public async Task<JsonElement> PostAsync(string path, object body, string? apiKey = null)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, apiKey);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? apiKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Creates an org, a project, a dashboard, a device and a temperature widget.</summary>
    public async Task<Tenant> ProvisionAsync(string name = "acme")
    {
        var org = await PostAsync("api/orgs", new { name });
        var orgId = org.GetProperty("org_id").GetString()!;
        var key = org.GetProperty("api_key").GetString()!;
        var project = (await PostAsync($"api/orgs/{orgId}/projects", new { name = name + "-site" }, key)).GetProperty("project_id").GetString()!;
        var dashboard = await PostAsync($"api/projects/{project}/dashboards", new { name = "main" }, key);
        var dashboardId = dashboard.GetProperty("dashboard_id").GetString()!;
        var device = await PostAsync($"api/projects/{project}/devices", new { name = "probe" }, key);
        var deviceUuid = device.GetProperty("device_uuid").GetString()!;
        var widget = (await PostAsync($"api/dashboards/{dashboardId}/widgets", new { device_uuid = deviceUuid, sensor = "temperature" }, key)).GetProperty("widget_id").GetString()!;
        return new Tenant(orgId, key, project, dashboardId, dashboard.GetProperty("token").GetString()!, deviceUuid, device.GetProperty("token").GetString()!, widget);
    }

    /// <summary>Registers another device in the tenant's project (with a temperature widget on the tenant's dashboard).</summary>
    public async Task<(string DeviceUuid, string Token)> AddDeviceAsync(Tenant tenant, string name)
    {
        var device = await PostAsync($"api/projects/{tenant.ProjectId}/devices", new { name }, tenant.ApiKey);
        var deviceUuid = device.GetProperty("device_uuid").GetString()!;
        await PostAsync($"api/dashboards/{tenant.DashboardId}/widgets", new { device_uuid = deviceUuid, sensor = "temperature" }, tenant.ApiKey);
        return (deviceUuid, device.GetProperty("token").GetString()!);
    }

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(BaseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/" + pathAndQuery), CancellationToken.None);
        return socket;
    }

    public Task<ClientWebSocket> ConnectDeviceAsync(string token) => ConnectAsync("ws/ingest?token=" + Uri.EscapeDataString(token));

    /// <summary>Connects the tenant's dashboard and waits until the server has subscribed it.</summary>
    public async Task<ClientWebSocket> ConnectDashboardAsync(Tenant tenant)
    {
        var hub = App.Services.GetRequiredService<EdgeIngest.Broadcast.DashboardHub>();
        var before = hub.ConnectionsOf(tenant.DashboardId);
        var socket = await ConnectAsync($"ws/dashboard?dashboard_id={tenant.DashboardId}&token={Uri.EscapeDataString(tenant.DashboardToken)}");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.ConnectionsOf(tenant.DashboardId) <= before)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not subscribe the dashboard connection within 10 s.");
            }

            await Task.Delay(5);
        }

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

    /// <summary>The value of one series at <c>/metrics</c> (exact name and labels as rendered), 0 when absent.</summary>
    public async Task<double> MetricAsync(string series)
    {
        var text = await Http.GetStringAsync("metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        App.Services.GetRequiredService<TracerProvider>().Dispose();
        App.Services.GetRequiredService<MeterProvider>().Dispose();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed record Tenant(string OrgId, string ApiKey, string ProjectId, string DashboardId, string DashboardToken, string DeviceUuid, string Token, string WidgetId);

/// <summary>A log provider that keeps every line the app writes (category, level, message, exception).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly CapturedLogs _owner;
        private readonly string _category;

        public Logger(CapturedLogs owner, string category)
        {
            _owner = owner;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _owner.Lines.Enqueue((_category, logLevel, formatter(state, exception), exception));
    }
}
