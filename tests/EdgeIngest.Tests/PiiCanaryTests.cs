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

    private static readonly string[] Canaries = { UserId, OwnerEmail, RequestId, FrameCanary, TokenCanary };

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
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-canary-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var dbPath = Path.Combine(directory, "edge.db");
        try
        {
            // A store of our own: the server leaves it (and the files next to it) in place when it stops.
            var server = await EdgeIngestServer.StartAsync(db: dbPath);
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
                    create.Content = JsonContent.Create(new { name = "canary-org", user_id = UserId, owner_email = OwnerEmail });
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

                var project = (await server.PostAsync($"api/orgs/{orgId}/projects", new { name = "canary-site" }, apiKey)).GetProperty("project_id").GetString()!;
                var device = await server.PostAsync($"api/projects/{project}/devices", new { name = "probe" }, apiKey);
                using (var socket = await server.ConnectDeviceAsync(device.GetProperty("token").GetString()!))
                {
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

        // The directory holds the database and, next to it, what the app wrote there (funnel spill and dead-letter files).
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (!Path.GetFileName(file).StartsWith(Path.GetFileName(dbPath), StringComparison.Ordinal))
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

        texts.AddRange(DatabaseTexts(dbPath));
        var ownerColumn = DatabaseTexts(dbPath).Where(t => t.Sink == "db orgs.owner_email").Select(t => t.Text).ToList();
        Assert.Contains(OwnerEmail, ownerColumn);
        var funnelUser = DatabaseTexts(dbPath).Where(t => t.Sink == "db product_events.user_id").Select(t => t.Text).ToList();
        Assert.Contains("[REDACTED]", funnelUser);

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        foreach (var canary in Canaries)
        {
            var leak = texts.FirstOrDefault(t => t.Sink != "db orgs.owner_email" && t.Text.Contains(canary, StringComparison.Ordinal));
            Assert.True(leak.Text is null, "'" + canary + "' reached " + leak.Sink + ": " + Excerpt(leak.Text, canary));
        }
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
