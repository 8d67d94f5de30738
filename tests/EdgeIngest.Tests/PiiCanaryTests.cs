using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.TestServers.Otlp;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 13: canary values pushed through the inputs of EdgeIngest that carry personal data or client-chosen text
/// (the org's user id and owner e-mail, a client <c>X-Request-ID</c>, a device frame, a device token) never reach a sink
/// in clear: OTLP payloads (raw protobuf from the official exporter), stdout (the JSON console formatter), every log
/// line a provider received, <c>/metrics</c>, the funnel spill and dead-letter files and every column of the database
/// except <c>orgs.owner_email</c>, the one column meant to hold the owner's address.
/// </summary>
public sealed class PiiCanaryTests
{
    private const string UserId = "canary-user-5d1e9b";
    private const string OwnerEmail = "canary.owner@pii-canary.test";
    private const string RequestId = "canary.request@pii-canary.test";
    private const string FrameCanary = "canary.frame@pii-canary.test";
    private const string TokenCanary = "canary-token-83fa61c0d2";

    // Names are business data, not personal: each may sit in its own name column and nowhere else.
    private const string OrgName = "Canary Org c0a7e1 of canary.orgname@pii-canary.test";
    private const string ProjectName = "Canary Project 9b3f2d of canary.project@pii-canary.test";
    private const string DeviceName = "Canary Probe 4e81aa of canary.device@pii-canary.test";
    private const string DashboardName = "Canary Board 77d0c3 of canary.board@pii-canary.test";
    private const string FlowName = "Canary Flow 15ab9e of canary.flow@pii-canary.test";
    private const string AlertMessage = "too hot, call canary.alert@pii-canary.test";

    // A valid reading's client-chosen message id (an e-mail): stored as the message id, scrubbed everywhere else.
    private const string MessageId = "canary.reading@pii-canary.test";
    private const string SensorCanary = "canary.sensor@pii-canary.test";
    private const string ApiKeyCanary = "ek_canary-apikey-2f9d04b7c1e8";
    private const string DashboardTokenCanary = "canary-dashboard-token-61c0e2";

    // In a URL path: ASP.NET Core's request span carries the path (url.path) as it is; the SDK scrubs it (a stranger's probe
    // found addresses, tokens and card numbers in path segments exported to OTLP).
    private const string PathCanary = "canary.path@pii-canary.test";
    private const string PathTokenCanary = "ghp_CanaryPathToken0123456789abcdefABCDEF";

    private static readonly string[] Canaries =
    {
        UserId, OwnerEmail, RequestId, FrameCanary, TokenCanary, OrgName, ProjectName, DeviceName, DashboardName, FlowName, AlertMessage,
        MessageId, SensorCanary, ApiKeyCanary, DashboardTokenCanary, "canary.orgname@", "canary.project@", "canary.device@", "canary.board@",
        "canary.flow@", "canary.alert@", PathCanary, "canary.path%40", PathTokenCanary,
    };

    /// <summary>The database columns meant to hold a canary (the value the client gave for that column).</summary>
    private static readonly Dictionary<string, string[]> Columns = new(StringComparer.Ordinal)
    {
        [OwnerEmail] = new[] { "db orgs.owner_email" },
        [OrgName] = new[] { "db orgs.name" },
        ["canary.orgname@"] = new[] { "db orgs.name" },
        [ProjectName] = new[] { "db projects.name" },
        ["canary.project@"] = new[] { "db projects.name" },
        [DeviceName] = new[] { "db devices.name" },
        ["canary.device@"] = new[] { "db devices.name" },
        [DashboardName] = new[] { "db dashboards.name" },
        ["canary.board@"] = new[] { "db dashboards.name" },
        [FlowName] = new[] { "db flows.name" },
        ["canary.flow@"] = new[] { "db flows.name" },
        [AlertMessage] = new[] { "db flows.definition", "db alerts.message" },
        ["canary.alert@"] = new[] { "db flows.definition", "db alerts.message" },
        [MessageId] = new[] { "db ingested_messages.message_id", "db sensor_readings.message_id", "db device_first_data.message_id" },
    };

    [Fact]
    public async Task No_canary_reaches_any_sink_and_a_request_id_that_is_not_plain_is_replaced()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        var stdout = new StringWriter();
        var originalOut = Console.Out;
        Console.SetOut(TextWriter.Synchronized(stdout));
        var texts = new List<(string Sink, string Text)>();
        var issued = new List<string>();
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-canary-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var dbPath = Path.Combine(directory, "edge.db");
        try
        {
            // A store of our own: the server leaves it (and the files next to it) in place when it stops.
            // Every trace sampled: each request's span reaches OTLP, not one in ten (path canaries below).
            var server = await EdgeIngestServer.StartAsync(db: dbPath, extraArgs: new[] { "--sampling-ratio", "1" });
            try
            {

                // A plain client id is kept and echoed; one that is not (an e-mail) is replaced by a generated id.
                using (var plain = new HttpRequestMessage(HttpMethod.Get, "health"))
                {
                    plain.Headers.Add("X-Request-ID", "client-42.retry_1");
                    using var answer = await server.Http.SendAsync(plain);
                    Assert.Equal("client-42.retry_1", Assert.Single(answer.Headers.GetValues("X-Request-ID")));
                }

                string orgId;
                string apiKey;
                using (var create = new HttpRequestMessage(HttpMethod.Post, "api/orgs"))
                {
                    create.Headers.Add("X-Request-ID", RequestId);
                    create.Content = JsonContent.Create(new { name = OrgName, user_id = UserId, owner_email = OwnerEmail });
                    using var answer = await server.Http.SendAsync(create);
                    var body = await answer.Content.ReadAsStringAsync();
                    Assert.True(answer.IsSuccessStatusCode, body);
                    var echoed = Assert.Single(answer.Headers.GetValues("X-Request-ID"));
                    Assert.NotEqual(RequestId, echoed);
                    Assert.Matches("^[0-9a-f]{32}$", echoed);
                    var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
                    orgId = json.GetProperty("org_id").GetString()!;
                    apiKey = json.GetProperty("api_key").GetString()!;
                }

                // A refused request under a client id that is not plain: the refusal carries the generated id.
                using (var refused = new HttpRequestMessage(HttpMethod.Post, "api/orgs"))
                {
                    refused.Headers.Add("X-Request-ID", RequestId);
                    refused.Content = new StringContent("{\"name\": \"" + FrameCanary, Encoding.UTF8, "application/json");
                    using var answer = await server.Http.SendAsync(refused);
                    Assert.False(answer.IsSuccessStatusCode);
                }

                issued.Add(apiKey);
                var project = (await PostAsync(server, $"api/orgs/{orgId}/projects", new { name = ProjectName }, apiKey)).GetProperty("project_id").GetString()!;
                var device = await PostAsync(server, $"api/projects/{project}/devices", new { name = DeviceName }, apiKey);
                var deviceUuid = device.GetProperty("device_uuid").GetString()!;
                var deviceToken = device.GetProperty("token").GetString()!;
                issued.Add(deviceToken);
                var dashboard = await PostAsync(server, $"api/projects/{project}/dashboards", new { name = DashboardName }, apiKey);
                var dashboardId = dashboard.GetProperty("dashboard_id").GetString()!;
                var dashboardToken = dashboard.GetProperty("token").GetString()!;
                issued.Add(dashboardToken);
                await PostAsync(server, $"api/dashboards/{dashboardId}/widgets", new { device_uuid = deviceUuid, sensor = "temperature" }, apiKey);
                await PostAsync(server, $"api/projects/{project}/flows", new
                {
                    name = FlowName,
                    sensor = "temperature",
                    nodes = new object[] { new { id = "hot", type = "threshold", max = 30.0 }, new { id = "alarm", type = "alert", severity = "warning", message = AlertMessage } },
                    edges = new object[] { new { from = "hot", to = "alarm" } },
                }, apiKey);

                // Refused API inputs that carry canaries: an unknown API key, a widget for a sensor that does not exist.
                using (var refusedKey = await SendAsync(server, HttpMethod.Post, $"api/orgs/{orgId}/projects", new { name = ProjectName }, ApiKeyCanary))
                {
                    Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refusedKey.StatusCode);
                }

                // Path segments that carry canaries: unknown ids, answered 404 or 401, their request spans exported.
                using (var pathEmail = await SendAsync(server, HttpMethod.Get, $"api/projects/{PathCanary}/alerts", new { }, apiKey))
                using (var pathToken = await SendAsync(server, HttpMethod.Post, $"api/orgs/{PathTokenCanary}/projects", new { name = "p" }, apiKey))
                {
                    Assert.False(pathEmail.IsSuccessStatusCode);
                    Assert.False(pathToken.IsSuccessStatusCode);
                }

                using (var refusedWidget = await SendAsync(server, HttpMethod.Post, $"api/dashboards/{dashboardId}/widgets", new { device_uuid = deviceUuid, sensor = SensorCanary }, apiKey))
                {
                    Assert.False(refusedWidget.IsSuccessStatusCode);
                }

                // A dashboard with its real token (it receives the broadcasts), and one with a canary token (refused).
                using var board = await server.ConnectAsync($"ws/dashboard?dashboard_id={dashboardId}&token={Uri.EscapeDataString(dashboardToken)}");
                try
                {
                    using var wrongBoard = await server.ConnectAsync($"ws/dashboard?dashboard_id={dashboardId}&token={Uri.EscapeDataString(DashboardTokenCanary)}");
                    await EdgeIngestServer.ReceiveAsync(wrongBoard, 2_000);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or InvalidOperationException or OperationCanceledException)
                {
                    // Refused: what matters is what was written about it.
                }

                using (var socket = await server.ConnectDeviceAsync(deviceToken))
                {
                    // A valid reading whose message id is a canary (its flow raises an alert carrying the alert canary).
                    var valid = "{\"message_id\":\"" + MessageId + "\",\"sensor\":\"temperature\",\"note\":\"" + FrameCanary + "\",\"readings\":[{\"value\":20},{\"value\":35}]}";
                    await EdgeIngestServer.SendAsync(socket, valid);
                    Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());

                    // The same message again (replayed), an unknown sensor, another tenant's org id, an invalid and a malformed frame.
                    await EdgeIngestServer.SendAsync(socket, valid);
                    await EdgeIngestServer.ReceiveAsync(socket);
                    await EdgeIngestServer.SendAsync(socket, "{\"message_id\":\"m-2\",\"sensor\":\"" + SensorCanary + "\",\"readings\":[{\"value\":1}]}");
                    await EdgeIngestServer.ReceiveAsync(socket);
                    await EdgeIngestServer.SendAsync(socket, "{\"message_id\":\"m-3\",\"sensor\":\"temperature\",\"org_id\":\"" + FrameCanary + "\",\"readings\":[{\"value\":1}]}");
                    await EdgeIngestServer.ReceiveAsync(socket);
                    await EdgeIngestServer.SendAsync(socket, "{\"message_id\":\"" + FrameCanary + "\",\"readings\":\"" + FrameCanary + "\"}");
                    await EdgeIngestServer.ReceiveAsync(socket);
                    await EdgeIngestServer.SendAsync(socket, "{\"note\":\"" + FrameCanary);
                    await EdgeIngestServer.ReceiveAsync(socket);
                }

                try
                {
                    using var unknown = await server.ConnectDeviceAsync(TokenCanary);
                    await EdgeIngestServer.ReceiveAsync(unknown, 2_000);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or InvalidOperationException or OperationCanceledException)
                {
                    // Refused: what matters is what was written about it.
                }

                texts.Add(("/metrics", await server.Http.GetStringAsync("metrics")));
                Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
                texts.AddRange(server.Logs.Lines.Select(l => ("logger " + l.Category, l.Message + " " + l.Exception)));
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            Console.SetOut(originalOut);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        Assert.NotEmpty(receiver.Payloads);
        Assert.Contains(receiver.Logs, l => l.EventName == "OrgCreated");
        texts.AddRange(receiver.Payloads.Select(p => ("OTLP", Encoding.UTF8.GetString(p))));
        texts.Add(("stdout", stdout.ToString()));
        Assert.Contains("\"request_id\"", stdout.ToString(), StringComparison.Ordinal);

        // The directory holds the databases and, next to them, what the app wrote there (funnel spill and dead-letter files).
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (!Path.GetFileName(file).StartsWith(Path.GetFileName(dbPath), StringComparison.Ordinal)
                && !Path.GetFileName(file).StartsWith(Path.GetFileName(EdgeIngest.Storage.FunnelLocation.SiblingFile(dbPath)), StringComparison.Ordinal))
            {
                texts.Add(("file " + file, File.ReadAllText(file)));
            }
        }

        // The app's funnel spill and dead-letter files (next to the app by default).
        var spill = Path.Combine(AppContext.BaseDirectory, "funnel-spill");
        foreach (var file in Directory.Exists(spill) ? Directory.EnumerateFiles(spill, "*", SearchOption.AllDirectories) : Enumerable.Empty<string>())
        {
            texts.Add(("file " + file, File.ReadAllText(file)));
        }

        // Both SQLite files: the app's and the funnel's next to it (edge.funnel.db).
        var funnelPath = EdgeIngest.Storage.FunnelLocation.SiblingFile(dbPath);
        Assert.True(File.Exists(funnelPath), funnelPath);
        texts.AddRange(DatabaseTexts(dbPath));
        texts.AddRange(DatabaseTexts(funnelPath));
        var ownerColumn = DatabaseTexts(dbPath).Where(t => t.Sink == "db orgs.owner_email").Select(t => t.Text).ToList();
        Assert.Contains(OwnerEmail, ownerColumn);
        var funnelUser = DatabaseTexts(funnelPath).Where(t => t.Sink == "db product_events.user_id").Select(t => t.Text).ToList();
        Assert.Contains("[REDACTED]", funnelUser);

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        Assert.Contains(texts, t => t.Sink == "db orgs.name" && t.Text == OrgName);
        Assert.Contains(texts, t => t.Sink == "db sensor_readings.message_id" && t.Text == MessageId);
        Assert.Contains(texts, t => t.Sink == "db alerts.message" && t.Text.Contains(AlertMessage, StringComparison.Ordinal));
        Assert.Equal(3, issued.Count);
        var leaks = new List<string>();
        foreach (var canary in Canaries.Concat(issued))
        {
            var allowed = Columns.TryGetValue(canary, out var columns) ? columns : Array.Empty<string>();
            foreach (var leak in texts.Where(t => !allowed.Contains(t.Sink) && t.Text.Contains(canary, StringComparison.Ordinal)))
            {
                leaks.Add("'" + canary + "' reached " + leak.Sink + ": " + Excerpt(leak.Text, canary));
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n\n", leaks.Distinct().Take(20)));
    }

    /// <summary>POSTs JSON under a client <c>X-Request-ID</c> that is a canary (every API call carries one); a non-2xx answer throws.</summary>
    private static async Task<System.Text.Json.JsonElement> PostAsync(EdgeIngestServer server, string path, object body, string apiKey)
    {
        using var response = await SendAsync(server, HttpMethod.Post, path, body, apiKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, "POST " + path + ": " + (int)response.StatusCode + " " + text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> SendAsync(EdgeIngestServer server, HttpMethod method, string path, object body, string apiKey)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Request-ID", RequestId);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return server.Http.SendAsync(request);
    }

    private static string Excerpt(string? text, string canary)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var at = text.IndexOf(canary, StringComparison.Ordinal);
        var start = Math.Max(0, at - 120);
        return text.Substring(start, Math.Min(text.Length - start, 240 + canary.Length));
    }

    /// <summary>Every value of every column of every table, each named <c>db table.column</c>.</summary>
    private static List<(string Sink, string Text)> DatabaseTexts(string dbPath)
    {
        var result = new List<(string, string)>();
        using var connection = new SqliteConnection("Data Source=" + dbPath + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT * FROM \"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i))
                    {
                        var value = reader.GetValue(i);
                        result.Add(("db " + table + "." + reader.GetName(i), value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                    }
                }
            }
        }

        return result;
    }
}
