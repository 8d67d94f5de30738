using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
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
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 15 §4: after kill -9, every device whose first reading was acknowledged has exactly one
/// <c>FirstDeviceData</c> funnel event, with the time of that first reading (docs/scale-out.md, "First events").
/// </summary>
public sealed class FirstDataCrashTests
{
    private const int Devices = 20;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task First_device_data_survives_kill_9_with_the_time_of_the_first_acknowledged_reading(string kind)
    {
        await using var postgres = kind == "postgres" ? await PostgresServer.StartAsync() : null;
        var db = postgres?.ConnectionString ?? AppProcess.TempDb();
        var url = "http://127.0.0.1:" + FreePort.Next();
        var registered = new Dictionary<string, DateTimeOffset>();
        var acknowledged = new Dictionary<string, DateTimeOffset>();
        var tokens = new Dictionary<string, string>();

        using (var first = await RunningApp.StartAsync(url, db))
        {
            using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
            var org = await PostAsync(http, "api/orgs", new { name = "crash" });
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.GetProperty("api_key").GetString());
            var project = (await PostAsync(http, $"api/orgs/{org.GetProperty("org_id").GetString()}/projects", new { name = "site" })).GetProperty("project_id").GetString()!;
            for (var i = 0; i < Devices; i++)
            {
                var before = DateTimeOffset.UtcNow;
                var device = await PostAsync(http, $"api/projects/{project}/devices", new { name = "d" + i });
                var uuid = device.GetProperty("device_uuid").GetString()!;
                registered[uuid] = before;
                tokens[uuid] = device.GetProperty("token").GetString()!;
            }

            // The funnel table is locked against inserts while the first readings are acknowledged: the funnel writer
            // cannot store their events before the kill, so every FirstDeviceData row after the restart is the recovery's
            // (on SQLite that compares the app's journal with the funnel's own file, attached for the query).
            await using var funnelLock = await LockFunnelTableAsync(db, postgres is not null);

            // Every device sends its first reading at once; the app is killed the moment the last ack arrives.
            var sockets = new List<(string Uuid, ClientWebSocket Socket)>();
            foreach (var (uuid, token) in tokens)
            {
                sockets.Add((uuid, await Connect(url, token)));
            }

            await Task.WhenAll(sockets.Select(s => EdgeIngestServer.SendAsync(s.Socket, "{\"message_id\":\"first\",\"sensor\":\"temperature\",\"readings\":[{\"value\":1}]}")));
            foreach (var (uuid, socket) in sockets)
            {
                Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
                acknowledged[uuid] = DateTimeOffset.UtcNow;
            }

            first.Kill();
            await funnelLock.CloseAsync();

            foreach (var (_, socket) in sockets)
            {
                socket.Dispose();
            }
        }

        var restartedAt = DateTimeOffset.UtcNow;
        using (var second = await RunningApp.StartAsync(url, db))
        {
            // Half the devices report again after the restart (the path that used to write a late event); the others never do.
            foreach (var (uuid, token) in tokens.Take(Devices / 2))
            {
                using var socket = await Connect(url, token);
                await EdgeIngestServer.SendAsync(socket, "{\"message_id\":\"second\",\"sensor\":\"temperature\",\"readings\":[{\"value\":2}]}");
                Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
            }

            var events = await WaitForFirstDataAsync(db, Devices, TimeSpan.FromSeconds(20));
            second.Kill();

            foreach (var uuid in tokens.Keys)
            {
                var mine = events.Where(e => e.EntityId == uuid).ToList();
                var single = Assert.Single(mine);
                // Stamped when the first batch was stored: after registration, before its ack arrived (1 s of slack for
                // clock rounding), and certainly not after the restart.
                Assert.InRange(single.CreatedAt, registered[uuid].AddSeconds(-1), acknowledged[uuid].AddSeconds(1));
                Assert.True(single.CreatedAt < restartedAt, $"{uuid}: FirstDeviceData stamped {single.CreatedAt:O}, after the restart at {restartedAt:O}");
                var since = single.Properties.GetProperty("time_since_registration_s").GetDouble();
                Assert.InRange(since, 0, (acknowledged[uuid] - registered[uuid]).TotalSeconds + 1);
            }
        }
    }

    /// <summary>
    /// Waits until the registrations' funnel events are stored, then holds a lock that blocks inserts into product_events
    /// (reads pass): on PostgreSQL a table lock, on SQLite the write lock of the funnel's own file (the app's file, where
    /// the readings go, stays free).
    /// </summary>
    private static async Task<DbConnection> LockFunnelTableAsync(string db, bool postgres)
    {
        var clock = Stopwatch.StartNew();
        DbConnection connection = postgres
            ? new Npgsql.NpgsqlConnection(db)
            : new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + EdgeIngest.Storage.FunnelLocation.SiblingFile(db) + ";Pooling=False");
        await connection.OpenAsync();
        while (true)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM product_events WHERE event_type = 'DeviceRegistered'";
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= Devices || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                break;
            }

            await Task.Delay(100);
        }

        await using var begin = connection.CreateCommand();
        begin.CommandText = postgres ? "BEGIN; LOCK TABLE product_events IN SHARE ROW EXCLUSIVE MODE" : "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private sealed record StoredEvent(string EntityId, DateTimeOffset CreatedAt, JsonElement Properties);

    /// <summary>Polls product_events until <paramref name="expected"/> devices have a FirstDeviceData row (or the time is up), then returns every such row.</summary>
    private static async Task<List<StoredEvent>> WaitForFirstDataAsync(string db, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = await ReadFirstDataAsync(db);
            if (events.Select(e => e.EntityId).Distinct().Count() >= expected || clock.Elapsed > timeout)
            {
                return events;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<List<StoredEvent>> ReadFirstDataAsync(string db)
    {
        var postgres = db.Contains("Host=", StringComparison.Ordinal);
        await using DbConnection connection = postgres
            ? new Npgsql.NpgsqlConnection(db)
            : new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + EdgeIngest.Storage.FunnelLocation.SiblingFile(db) + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "SELECT entity_id, created_at, properties::text FROM product_events WHERE event_type = 'FirstDeviceData'"
            : "SELECT entity_id, created_at, properties FROM product_events WHERE event_type = 'FirstDeviceData'";
        var result = new List<StoredEvent>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var created = reader.GetValue(1) switch
                {
                    DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                    DateTimeOffset instant => instant,
                    var text => DateTimeOffset.Parse((string)text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
                };
                result.Add(new StoredEvent(reader.GetString(0), created, JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
            }
        }
        catch (DbException)
        {
            // The table is not there yet.
        }

        return result;
    }

    private static async Task<ClientWebSocket> Connect(string url, string token)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(url.Replace("http", "ws", StringComparison.Ordinal) + "/ws/ingest?token=" + Uri.EscapeDataString(token)), CancellationToken.None);
        return socket;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, path + ": " + text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The built EdgeIngest.dll as a process that stays up until it is killed (SIGKILL: no shutdown code runs).</summary>
internal sealed class RunningApp : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningApp(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app and returns once it prints that it is listening.</summary>
    public static async Task<RunningApp> StartAsync(string url, string db, params string[] more)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeIngest.dll"));
        foreach (var argument in new[] { "--urls", url, "--db", db }.Concat(more))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var app = new RunningApp(Process.Start(info)!);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("EdgeIngest exited before listening: " + app.Output));
                return;
            }

            lock (app._output)
            {
                app._output.AppendLine(e.Data);
            }

            if (e.Data.Contains("EdgeIngest listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        app._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (app._output)
                {
                    app._output.AppendLine(e.Data);
                }
            }
        };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    /// <summary>SIGKILL, and waits for the process to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
