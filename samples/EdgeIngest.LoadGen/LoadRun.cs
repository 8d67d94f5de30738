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

namespace EdgeIngest.LoadGen;

/// <summary>
/// Provisions an org, a project, a dashboard and N devices with widgets through the API, then streams
/// readings from every device at the requested total rate over the device WebSocket while listening on
/// the dashboard WebSocket; measures acknowledgements and ingest→broadcast latency.
/// </summary>
public sealed class LoadRun
{
    private readonly LoadGenOptions _options;
    private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private long _sent;
    private long _acknowledged;
    private long _acknowledgedInWindow;
    private long _errors;

    public LoadRun(LoadGenOptions options) => _options = options;

    public LatencySamples Ack { get; } = new();

    public LatencySamples Broadcast { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Acknowledgements received during the measured window (what throughput is computed from).</summary>
    public long AcknowledgedInWindow => Interlocked.Read(ref _acknowledgedInWindow);

    public long Errors => Interlocked.Read(ref _errors);

    public TimeSpan Elapsed { get; private set; }

    /// <summary>How many of this run's messages the store holds (asked at the end), or null when the app could not say.</summary>
    public long? Stored { get; private set; }

    /// <summary>Acknowledged messages the store does not hold: <c>acknowledged − stored</c> (0 or more; null when unknown).</summary>
    public long? Lost => Stored is { } stored ? Math.Max(0, Acknowledged - stored) : null;

    /// <summary>Why <see cref="Stored"/> is unknown, when it is.</summary>
    public string? StoreCheckError { get; private set; }

    public async Task RunAsync(Action<double>? progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _options.Url, Timeout = TimeSpan.FromSeconds(30) };
        var created = await PostAsync(http, "api/orgs", new { name = "loadgen", user_id = "loadgen" });
        var org = created.GetProperty("org_id").GetString()!;
        // Everything under the org needs its API key (returned once, when the org is created).
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created.GetProperty("api_key").GetString());
        var project = (await PostAsync(http, $"api/orgs/{org}/projects", new { name = "loadgen" })).GetProperty("project_id").GetString()!;
        var board = await PostAsync(http, $"api/projects/{project}/dashboards", new { name = "loadgen" });
        var dashboard = board.GetProperty("dashboard_id").GetString()!;
        var dashboardToken = board.GetProperty("token").GetString()!;
        for (var i = 0; i < _options.Flows; i++)
        {
            // The demo's overheat flow: every reading runs it (20-30 C here, below its threshold: no alert is raised).
            await PostAsync(http, $"api/projects/{project}/flows", EdgeIngest.Demo.OverheatFlow.Request("overheat-" + i));
        }

        var tokens = new List<string>();
        for (var i = 0; i < _options.Devices; i++)
        {
            var device = await PostAsync(http, $"api/projects/{project}/devices", new { name = "load-" + i });
            tokens.Add(device.GetProperty("token").GetString()!);
            await PostAsync(http, $"api/dashboards/{dashboard}/widgets", new { device_uuid = device.GetProperty("device_uuid").GetString(), sensor = "temperature" });
        }

        var ws = _options.Url.ToString().Replace("http", "ws", StringComparison.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var listener = new ClientWebSocket();
        await listener.ConnectAsync(new Uri($"{ws}ws/dashboard?dashboard_id={dashboard}&token={Uri.EscapeDataString(dashboardToken)}"), cancellationToken);
        var listening = ListenAsync(listener, stop.Token);
        var started = Stopwatch.StartNew();
        var perDevice = _options.Rate / _options.Devices;
        var streams = new List<Task>();
        for (var i = 0; i < tokens.Count; i++)
        {
            streams.Add(StreamAsync(ws, tokens[i], i, perDevice, started, stop.Token));
        }

        while (started.Elapsed < _options.Duration && !cancellationToken.IsCancellationRequested)
        {
            progress?.Invoke(Math.Min(1, started.Elapsed / _options.Duration));
            await Task.Delay(250, CancellationToken.None);
        }

        progress?.Invoke(1);
        Elapsed = started.Elapsed;
        await Task.WhenAll(streams);
        await Task.Delay(500, CancellationToken.None);
        stop.Cancel();
        await listening;
        await CheckStoreAsync(http, project);
    }

    /// <summary>Asks the app how many messages of the run's project it stored (every message of the run, acknowledged or not, is in that project).</summary>
    private async Task CheckStoreAsync(HttpClient http, string project)
    {
        try
        {
            using var response = await http.GetAsync($"api/projects/{project}/messages/count");
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                StoreCheckError = "the app answered " + (int)response.StatusCode;
                return;
            }

            using var document = JsonDocument.Parse(text);
            Stored = document.RootElement.GetProperty("messages_stored").GetInt64();
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
        {
            StoreCheckError = error.GetType().Name;
        }
    }

    private async Task StreamAsync(string ws, string token, int index, double rate, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(ws + "ws/ingest?token=" + Uri.EscapeDataString(token)), cancellationToken);
        // Closed loop under --rate max: a send waits for a free slot, an acknowledgement frees one.
        using var slots = _options.Saturate ? new SemaphoreSlim(_options.InFlight, _options.InFlight) : null;
        var receiving = ReceiveAsync(socket, clock, slots, cancellationToken);
        var interval = _options.Saturate ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / rate);
        var next = clock.Elapsed;
        var sequence = 0;
        var random = new Random(index);
        try
        {
            while (clock.Elapsed < _options.Duration && !cancellationToken.IsCancellationRequested)
            {
                // The time left can turn negative between the loop check and here (a GC pause): wait 0 then, not throw.
                var left = _options.Duration - clock.Elapsed + TimeSpan.FromMilliseconds(1);
                if (slots is not null && !await slots.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken))
                {
                    break;
                }

                var id = index.ToString(CultureInfo.InvariantCulture) + "-" + sequence++;
                var frame = "{\"message_id\":\"" + id + "\",\"sensor\":\"temperature\",\"readings\":[{\"value\":" + (20 + random.NextDouble() * 10).ToString("0.00", CultureInfo.InvariantCulture) + "}]}";
                _sentAt[id] = Stopwatch.GetTimestamp();
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellationToken);
                Interlocked.Increment(ref _sent);
                next += interval;
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            await Task.Delay(1_000, cancellationToken);
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
        }

        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }

        await receiving;
    }

    private async Task ReceiveAsync(ClientWebSocket socket, Stopwatch clock, SemaphoreSlim? slots, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var root = document.RootElement;
                if (root.GetProperty("type").GetString() == "ack")
                {
                    Interlocked.Increment(ref _acknowledged);
                    if (clock.Elapsed < _options.Duration)
                    {
                        Interlocked.Increment(ref _acknowledgedInWindow);
                    }

                    if (_sentAt.TryGetValue(root.GetProperty("message_id").GetString()!, out var sent))
                    {
                        Ack.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    }
                }
                else
                {
                    Interlocked.Increment(ref _errors);
                }

                ReleaseSlot(slots);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
        }
    }

    private static void ReleaseSlot(SemaphoreSlim? slots)
    {
        try
        {
            slots?.Release();
        }
        catch (Exception error) when (error is SemaphoreFullException or ObjectDisposedException)
        {
            // A reply to a message sent before the loop began waiting, or after the stream ended.
        }
    }

    private async Task ListenAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
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
                if (document.RootElement.TryGetProperty("message_id", out var id) && _sentAt.TryGetValue(id.GetString()!, out var sent))
                {
                    Broadcast.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} failed with {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
