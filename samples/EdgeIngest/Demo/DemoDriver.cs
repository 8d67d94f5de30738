using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeIngest.Demo;

/// <summary>
/// Drives the running app like real clients: provisions orgs, projects, devices, dashboards, widgets and
/// flows through the REST API, then streams readings over the device WebSocket and listens on the
/// dashboard WebSockets, measuring ack and ingest→broadcast latencies.
/// </summary>
public sealed class DemoDriver
{
    private static readonly string[] Sensors = { "temperature", "humidity" };
    private readonly Uri _baseUri;
    private readonly int _devices;
    private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);

    public DemoDriver(string baseUrl, int devices)
    {
        _baseUri = new Uri(baseUrl.TrimEnd('/') + "/");
        _devices = devices;
    }

    public LatencyRecorder AckLatency { get; } = new();

    public LatencyRecorder BroadcastLatency { get; } = new();

    public long Sent;
    public long Acknowledged;
    public long Errors;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _baseUri };
        var plan = await ProvisionAsync(http, cancellationToken);
        Console.WriteLine($"demo: {plan.Devices.Count} devices in {plan.OrgCount} orgs, {plan.Dashboards.Count} dashboards, streaming until the app stops");
        Console.WriteLine(DashboardLine(_baseUri, plan.Dashboards[0].DashboardId, plan.Dashboards[0].Token));
        var tasks = new List<Task>();
        foreach (var dashboard in plan.Dashboards)
        {
            tasks.Add(ListenAsync(dashboard.DashboardId, dashboard.Token, cancellationToken));
        }

        for (var i = 0; i < plan.Devices.Count; i++)
        {
            tasks.Add(StreamAsync(plan.Devices[i], i, cancellationToken));
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>
    /// Where a newcomer looks (docs/browser.md): the dashboard page with the first demo dashboard's id and token in the
    /// link's fragment, which the browser never sends to the server (the page moves it to session storage and drops
    /// it from the address bar), and the observability page.
    /// </summary>
    public static string DashboardLine(Uri baseUri, string dashboardId, string token)
    {
        var root = baseUri.GetLeftPart(UriPartial.Authority);
        return "demo: open " + root + "/dashboard#dashboard_id=" + Uri.EscapeDataString(dashboardId) + "&token=" + Uri.EscapeDataString(token)
            + Environment.NewLine + "      (or open " + root + "/dashboard and sign in with dashboard id " + dashboardId + " and token " + token + "); charts of the app's own metrics: " + root + "/observability";
    }

    private sealed record DemoDevice(string DeviceUuid, string Token);

    private sealed record DemoDashboard(string DashboardId, string Token);

    private sealed record DemoPlan(int OrgCount, List<DemoDevice> Devices, List<DemoDashboard> Dashboards);

    /// <summary>Orgs for N devices: one per two devices (at least two when N ≥ 2), at most five.</summary>
    public static int OrgCount(int devices) => Math.Clamp((devices + 1) / 2, Math.Min(devices, 2), 5);

    private async Task<DemoPlan> ProvisionAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var orgCount = OrgCount(_devices);
        var devices = new List<DemoDevice>();
        var dashboards = new List<DemoDashboard>();
        var orgs = new List<(string OrgId, string ApiKey, List<(string ProjectId, string DashboardId)> Projects)>();
        for (var o = 0; o < orgCount; o++)
        {
            var org = await PostAsync(http, null, "api/orgs", new { name = "org-" + (o + 1), user_id = "demo-user-" + (o + 1) }, cancellationToken);
            orgs.Add((org.GetProperty("org_id").GetString()!, org.GetProperty("api_key").GetString()!, new List<(string, string)>()));
        }

        // Devices go round the orgs first, then round each org's projects: every org and project gets devices.
        for (var d = 0; d < _devices; d++)
        {
            var (orgId, key, projects) = orgs[d % orgCount];
            if ((d / orgCount) % 2 >= projects.Count)
            {
                projects.Add(await CreateProjectAsync(http, key, orgId, $"site-{d % orgCount + 1}-{projects.Count + 1}", dashboards, cancellationToken));
            }

            var project = projects[(d / orgCount) % 2];
            var created = await PostAsync(http, key, $"api/projects/{project.ProjectId}/devices", new { name = "sensor-" + (d + 1) }, cancellationToken);
            var device = new DemoDevice(created.GetProperty("device_uuid").GetString()!, created.GetProperty("token").GetString()!);
            devices.Add(device);
            foreach (var sensor in Sensors)
            {
                await PostAsync(http, key, $"api/dashboards/{project.DashboardId}/widgets", new { device_uuid = device.DeviceUuid, sensor }, cancellationToken);
            }
        }

        return new DemoPlan(orgCount, devices, dashboards);
    }

    /// <summary>A project with a dashboard and two flows: a graph that alerts on overheating, and a humidity transform.</summary>
    private static async Task<(string ProjectId, string DashboardId)> CreateProjectAsync(HttpClient http, string key, string orgId, string name, List<DemoDashboard> dashboards, CancellationToken cancellationToken)
    {
        var projectId = (await PostAsync(http, key, $"api/orgs/{orgId}/projects", new { name }, cancellationToken)).GetProperty("project_id").GetString()!;
        var dashboard = await PostAsync(http, key, $"api/projects/{projectId}/dashboards", new { name = "overview" }, cancellationToken);
        dashboards.Add(new DemoDashboard(dashboard.GetProperty("dashboard_id").GetString()!, dashboard.GetProperty("token").GetString()!));
        await PostAsync(http, key, $"api/projects/{projectId}/flows", OverheatFlow.Request("overheat"), cancellationToken);
        await PostAsync(http, key, $"api/projects/{projectId}/flows", new
        {
            name = "humidity-percent",
            template = "smoothing",
            sensor = "humidity",
            nodes = new object[] { new { type = "transform", scale = 100.0 } },
        }, cancellationToken);
        return (projectId, dashboard.GetProperty("dashboard_id").GetString()!);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string? apiKey, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} failed with {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task StreamAsync(DemoDevice device, int index, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        var wsBase = _baseUri.ToString().Replace("http", "ws", StringComparison.Ordinal);
        try
        {
            await socket.ConnectAsync(new Uri(wsBase + "ws/ingest?token=" + Uri.EscapeDataString(device.Token)), cancellationToken);
            var receiving = ReceiveAcksAsync(socket, cancellationToken);
            var random = new Random(index);
            var sequence = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var sensor = Sensors[sequence % Sensors.Length];
                var messageId = device.DeviceUuid[..8] + "-" + sequence.ToString(CultureInfo.InvariantCulture);
                var baseValue = sensor == "temperature" ? 22 + (random.NextDouble() * 12) : random.NextDouble();
                var readings = new object[5];
                for (var r = 0; r < readings.Length; r++)
                {
                    readings[r] = new { value = Math.Round(baseValue + random.NextDouble(), 3) };
                }

                // Bad input on purpose, so its handling shows up: every 25th message of the first device replays
                // an old id, every 40th of the second is malformed. The server refuses both and counts them.
                var wireId = index == 0 && sequence > 0 && sequence % 25 == 0 ? device.DeviceUuid[..8] + "-0" : messageId;
                var frame = index == 1 && sequence > 0 && sequence % 40 == 0
                    ? "{\"message_id\":\"" + messageId + "\",\"sensor\":"
                    : JsonSerializer.Serialize(new { message_id = wireId, sensor, readings });
                _sentAt[wireId] = Stopwatch.GetTimestamp();
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellationToken);
                Interlocked.Increment(ref Sent);
                sequence++;
                await Task.Delay(200 + random.Next(0, 50), cancellationToken);
            }

            await receiving;
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            await CloseQuietlyAsync(socket);
        }
    }

    private async Task ReceiveAcksAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var root = document.RootElement;
                var messageId = root.TryGetProperty("message_id", out var id) ? id.GetString() : null;
                if (root.GetProperty("type").GetString() == "ack")
                {
                    Interlocked.Increment(ref Acknowledged);
                    if (messageId is not null && _sentAt.TryGetValue(messageId, out var sent))
                    {
                        AckLatency.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    }
                }
                else
                {
                    Interlocked.Increment(ref Errors);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
    }

    private async Task ListenAsync(string dashboardId, string token, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        var wsBase = _baseUri.ToString().Replace("http", "ws", StringComparison.Ordinal);
        var buffer = new byte[64 * 1024];
        try
        {
            await socket.ConnectAsync(new Uri($"{wsBase}ws/dashboard?dashboard_id={dashboardId}&token={Uri.EscapeDataString(token)}"), cancellationToken);
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                if (document.RootElement.TryGetProperty("message_id", out var id) && _sentAt.TryGetValue(id.GetString()!, out var sent))
                {
                    BroadcastLatency.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await CloseQuietlyAsync(socket);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "demo over", timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
            }
        }
    }
}
