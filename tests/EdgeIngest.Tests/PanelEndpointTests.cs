using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Observability;
using Instrumentation.Observability;
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 17 §3: <c>GET /api/observability/panels</c> evaluates every panel of the plan that writes the Grafana
/// dashboard and the alert rules. After real traffic (two orgs, a device each, a dashboard, a flow) every panel is
/// <c>ok</c> in-process; the in-process evaluator gives Prometheus' own numbers over the same scrapes; and with
/// <c>--prometheus-url</c> the same endpoint answers from a real Prometheus.
/// </summary>
public sealed class PanelEndpointTests
{
    private const string Endpoint = "api/observability/panels";

    private static readonly string[] Titles =
    {
        "Ingest rate", "Ingest rate per org", "Ingest latency P50 / P95", "Broadcast latency P95", "Active WebSocket connections",
        "Flow executions: success vs failure", "Top orgs by readings (24 h)", "Time to first device data",
    };

    [Fact]
    public async Task Every_panel_has_data_in_process_after_real_traffic()
    {
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--panel-interval", "0.3" });

        var before = await GetAsync(server.Http, Endpoint);
        Assert.Equal("in-process", before.GetProperty("source").GetString());
        Assert.Equal(Titles, before.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()));
        Assert.Contains(before.GetProperty("panels").EnumerateArray(), p => p.GetProperty("status").GetString() == "no-data");

        await using var traffic = await Traffic.DriveAsync(server, () => Task.Delay(1_000));
        var panels = await WaitForAllOkAsync(server.Http, Endpoint, TimeSpan.FromSeconds(20));

        Assert.True(DateTimeOffset.TryParse(panels.GetProperty("generatedAt").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var generated));
        Assert.InRange(generated, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var plan = EdgeIngestObservability.Create();
        var list = panels.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(plan.Panels.Count, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var panel = list[i];
            Assert.Equal(PanelEndpoints.Id(plan.Panels[i].Title), panel.GetProperty("id").GetString());
            Assert.Equal(plan.Panels[i].Unit, panel.GetProperty("unit").GetString());
            Assert.Equal(string.Join("\n", plan.Panels[i].Queries.Select(q => q.Expression.Text)), panel.GetProperty("query").GetString());
            Assert.Equal(JsonValueKind.Null, panel.GetProperty("reason").ValueKind);
            Assert.All(panel.GetProperty("series").EnumerateArray(), s =>
            {
                Assert.Equal(JsonValueKind.Object, s.GetProperty("labels").ValueKind);
                Assert.NotEmpty(s.GetProperty("points").EnumerateArray());
                Assert.All(s.GetProperty("points").EnumerateArray(), p => Assert.Equal(2, p.GetArrayLength()));
            });
        }

        var byTitle = list.ToDictionary(p => p.GetProperty("title").GetString()!);
        Assert.Equal(new[] { traffic.A.OrgId, traffic.B.OrgId }.OrderBy(o => o, StringComparer.Ordinal), Legends(byTitle["Ingest rate per org"]).OrderBy(o => o, StringComparer.Ordinal));
        Assert.Equal(new[] { "P50", "P95" }, Legends(byTitle["Ingest latency P50 / P95"]));
        Assert.Equal(new[] { "succeeded/s", "failed/s" }, Legends(byTitle["Flow executions: success vs failure"]));
        Assert.Equal(new[] { "P50", "P90" }, Legends(byTitle["Time to first device data"]));
        // The last value of the gauge panel is what is open now: A's device and dashboard, B's device.
        var open = byTitle["Active WebSocket connections"].GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("labels").GetProperty("kind").GetString()!, s => Last(s));
        Assert.Equal(2, open["device"]);
        Assert.Equal(1, open["dashboard"]);
        // Top orgs over 24 h: each org's 13 readings, within Prometheus' extrapolation.
        var top = byTitle["Top orgs by readings (24 h)"].GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("labels").GetProperty("org").GetString()!, s => Last(s));
        Assert.InRange(top[traffic.A.OrgId], 13 * 0.75, 13 * 1.25);
        Assert.InRange(top[traffic.B.OrgId], 13 * 0.75, 13 * 1.25);

        var funnel = panels.GetProperty("funnel").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(new[] { "OrgCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData" }, funnel.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(2, funnel[0].GetProperty("count").GetInt32());
        Assert.Equal(1.0, funnel[0].GetProperty("conversion").GetDouble());
        Assert.All(funnel, s => Assert.InRange(s.GetProperty("conversion").GetDouble(), 0, 1));
        Assert.Equal(2, funnel[2].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task In_process_values_agree_with_a_real_Prometheus_and_the_prometheus_url_mode_answers_from_it()
    {
        var prometheusPort = FreePort.Next();
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--panel-interval", "0.5", "--prometheus-url", "http://127.0.0.1:" + prometheusPort });
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(server.BaseUrl).Authority, port: prometheusPort);
        Assert.NotNull(await prometheus.WaitForValueAsync("ws_connections_active", TimeSpan.FromSeconds(20)));

        await using var traffic = await Traffic.DriveAsync(server, () => Task.Delay(2_500));
        await Task.Delay(2_500);   // two more scrapes after the last reading

        // 1. The endpoint in --prometheus-url mode: same contract, every panel from Prometheus.
        var fromPrometheus = await WaitForAllOkAsync(server.Http, Endpoint, TimeSpan.FromSeconds(20));
        Assert.Equal("prometheus", fromPrometheus.GetProperty("source").GetString());
        var inProcess = await WaitForAllOkAsync(server.Http, Endpoint + "?source=in-process", TimeSpan.FromSeconds(20));
        Assert.Equal("in-process", inProcess.GetProperty("source").GetString());

        // 2. Same app, same window, different scrape times (0.5 s in-process, 1 s Prometheus): gauges are equal;
        //    counters and quantiles agree within 25 %: both extrapolate a rate to the window's edges from the samples
        //    they have, and those differ. (A series that appears in the middle of a burst loses what came before its
        //    first sample, in Prometheus too; the traffic lets every series be sampled once before its bulk.)
        var a = Panels(inProcess);
        var b = Panels(fromPrometheus);
        Assert.Equal(LastByLegend(a["Active WebSocket connections"]), LastByLegend(b["Active WebSocket connections"]));
        //    Quantiles are interpolated inside a histogram bucket, so different samples can put the same quantile
        //    anywhere in its bucket (seen in CI: P95 10.9 in-process vs 15.2 from Prometheus, one bucket apart): they
        //    must agree within a factor of two — which still catches a wrong unit or a wrong bucket series. The exact
        //    agreement on the same samples is part 3.
        foreach (var (title, low, high) in new[] { ("Top orgs by readings (24 h)", 0.75, 1.25), ("Ingest latency P50 / P95", 0.5, 2.0) })
        {
            var expected = LastByLegend(b[title]);
            var actual = LastByLegend(a[title]);
            Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            Assert.All(expected, e => Assert.InRange(actual[e.Key], e.Value * low, e.Value * high));
        }

        // 3. The evaluator over exactly the samples Prometheus scraped gives Prometheus' own numbers for every query.
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + prometheusPort + "/") };
        var plan = EdgeIngestObservability.Create();
        var (history, lastScrape) = await ScrapedHistoryAsync(http, plan);
        var evaluator = new PanelEvaluator(history);
        var compared = 0;
        foreach (var query in plan.Panels.SelectMany(p => p.Queries))
        {
            var expected = await InstantAsync(http, query.Expression.Text, lastScrape);
            var result = evaluator.Evaluate(new DashboardPanel("q", PanelKind.TimeSeries, "short", query), TimeSpan.FromMinutes(10));
            var actual = result.Series.Where(s => s.Points.Count > 0 && s.Points[^1].UnixSeconds == lastScrape / 1000.0)
                .ToDictionary(s => Key(s.Labels), s => s.Points[^1].Value, StringComparer.Ordinal);
            Assert.True(expected.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(actual.Keys.OrderBy(k => k, StringComparer.Ordinal)),
                query.Expression.Text + ": Prometheus series " + string.Join(" ", expected.Keys) + ", in-process " + string.Join(" ", actual.Keys));
            foreach (var (key, value) in expected)
            {
                Assert.True(Math.Abs(actual[key] - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), query.Expression.Text + " {" + key + "}: Prometheus " + value + ", in-process " + actual[key]);
                compared++;
            }
        }

        Assert.True(compared >= 10, "only " + compared + " values compared");
    }

    [Fact]
    public async Task The_endpoint_is_protected_like_metrics()
    {
        await using var server = await EdgeIngestServer.StartAsync(metricsAuth: "scraper:s3cret");

        using var anonymous = await server.Http.GetAsync(Endpoint);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, Endpoint) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("scraper:nope"))) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, Endpoint) { Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("scraper:s3cret"))) } };
        using var response = await server.Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("panels").GetArrayLength());
    }

    [Fact]
    public async Task An_unreachable_prometheus_makes_every_panel_unsupported_with_the_reason()
    {
        var closedPort = FreePort.Next();
        await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--prometheus-url", "http://127.0.0.1:" + closedPort });

        var response = await GetAsync(server.Http, Endpoint);

        Assert.Equal("prometheus", response.GetProperty("source").GetString());
        Assert.All(response.GetProperty("panels").EnumerateArray(), p =>
        {
            Assert.Equal("unsupported", p.GetProperty("status").GetString());
            Assert.StartsWith("Prometheus at http://127.0.0.1:" + closedPort + "/ did not answer: ", p.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Empty(p.GetProperty("series").EnumerateArray());
        });
        Assert.Equal(5, response.GetProperty("funnel").GetProperty("steps").GetArrayLength());
    }

    [Theory]
    [InlineData("--prometheus-url", "127.0.0.1:9090")]
    [InlineData("--prometheus-url", "ftp://127.0.0.1:9090")]
    [InlineData("--prometheus-url", "http://127.0.0.1:9090/?x=1")]
    [InlineData("--panel-interval", "0")]
    [InlineData("--panel-interval", "soon")]
    public void Bad_panel_options_are_refused(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => EdgeIngest.Hosting.EdgeIngestOptions.Parse(new[] { option, value }));
        Assert.StartsWith(option + " takes ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Panel_options_are_parsed()
    {
        var options = EdgeIngest.Hosting.EdgeIngestOptions.Parse(new[] { "--prometheus-url", "http://127.0.0.1:9090", "--panel-interval", "0.5" });
        Assert.Equal(new Uri("http://127.0.0.1:9090"), options.PrometheusUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.PanelInterval);
        Assert.Null(EdgeIngest.Hosting.EdgeIngestOptions.Parse(Array.Empty<string>()).PrometheusUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), EdgeIngest.Hosting.EdgeIngestOptions.Parse(Array.Empty<string>()).PanelInterval);
    }

    private static Dictionary<string, JsonElement> Panels(JsonElement response) =>
        response.GetProperty("panels").EnumerateArray().ToDictionary(p => p.GetProperty("title").GetString()!);

    private static string[] Legends(JsonElement panel) =>
        panel.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("legend").GetString()!).ToArray();

    private static double Last(JsonElement series) => series.GetProperty("points").EnumerateArray().Last()[1].GetDouble();

    private static Dictionary<string, double> LastByLegend(JsonElement panel) =>
        panel.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("legend").GetString()!, Last);

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.Where(l => l.Key is not ("__name__" or "job" or "instance")).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, path + ": " + (int)response.StatusCode + " " + text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForAllOkAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await GetAsync(http, path);
            var notOk = response.GetProperty("panels").EnumerateArray()
                .Where(p => p.GetProperty("status").GetString() != "ok" || p.GetProperty("series").GetArrayLength() == 0)
                .Select(p => p.GetProperty("title").GetString() + ": " + p.GetProperty("status").GetString() + " " + p.GetProperty("reason"))
                .ToList();
            if (notOk.Count == 0)
            {
                return response;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(path + ": panels without data after " + timeout + ": " + string.Join("; ", notOk));
            }

            await Task.Delay(300);
        }
    }

    /// <summary>Every raw sample Prometheus scraped of the plan's metrics, as one snapshot per scrape; and the last scrape's time (ms).</summary>
    private static async Task<(MetricHistory History, long LastScrape)> ScrapedHistoryAsync(HttpClient http, ObservabilityPlan plan)
    {
        var metrics = plan.Panels.SelectMany(p => p.Queries).SelectMany(q => q.Expression.Metrics).Distinct().ToArray();
        var selector = "{__name__=~\"(" + string.Join("|", metrics) + ")(_bucket|_sum|_count)?\"}[10m]";
        using var document = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(selector)));
        var scrapes = new SortedDictionary<long, StringBuilder>();
        foreach (var series in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!);
            var line = labels["__name__"] + "{" + string.Join(",", labels.Where(l => l.Key is not ("__name__" or "job" or "instance")).Select(l => l.Key + "=\"" + l.Value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "} ";
            foreach (var sample in series.GetProperty("values").EnumerateArray())
            {
                var time = (long)Math.Round(sample[0].GetDouble() * 1000);
                if (!scrapes.TryGetValue(time, out var text))
                {
                    scrapes[time] = text = new StringBuilder();
                }

                text.Append(line).Append(sample[1].GetString()).Append('\n');
            }
        }

        var history = MetricHistory.For(plan, TimeSpan.FromMinutes(10));
        foreach (var (time, text) in scrapes)
        {
            history.Add(DateTimeOffset.FromUnixTimeMilliseconds(time), text.ToString());
        }

        return (history, scrapes.Keys.Last());
    }

    private static async Task<Dictionary<string, double>> InstantAsync(HttpClient http, string promql, long timeMilliseconds)
    {
        var time = (timeMilliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql) + "&time=" + time));
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            if (double.IsFinite(value))
            {
                result[Key(item.GetProperty("metric").EnumerateObject().Select(l => new KeyValuePair<string, string>(l.Name, l.Value.GetString()!)))] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// Real traffic: org A (device, dashboard with a widget, a flow) sends its first reading; once that first-data
    /// event is in the metrics and has been sampled, org B's device sends its first reading (a rate of the
    /// time-to-first-data histogram needs the series before the observation, as in Prometheus); once that is
    /// sampled too, both send 12 more readings. The sockets stay open until disposed.
    /// </summary>
    private sealed class Traffic : IAsyncDisposable
    {
        private readonly List<System.Net.WebSockets.ClientWebSocket> _sockets = new();

        public Tenant A { get; private set; } = null!;

        public Tenant B { get; private set; } = null!;

        public static async Task<Traffic> DriveAsync(EdgeIngestServer server, Func<Task> letScrapersSample)
        {
            var traffic = new Traffic();
            var a = traffic.A = await server.ProvisionAsync("panels-a");
            await server.PostAsync($"api/projects/{a.ProjectId}/flows", new { name = "plausible", sensor = "temperature", nodes = new object[] { new { id = "f", type = "filter", min = -100.0, max = 100.0 } }, edges = Array.Empty<object>() }, a.ApiKey);
            traffic._sockets.Add(await server.ConnectDashboardAsync(a));
            var deviceA = await server.ConnectDeviceAsync(a.Token);
            traffic._sockets.Add(deviceA);
            await SendReadingAsync(deviceA, "a-0");
            await WaitForAsync(async () => await server.MetricAsync("funnel_time_to_event_seconds_count{event=\"FirstDeviceData\"}") >= 1, "the first FirstDeviceData in /metrics");
            await letScrapersSample();

            var b = traffic.B = await server.ProvisionAsync("panels-b");
            var deviceB = await server.ConnectDeviceAsync(b.Token);
            traffic._sockets.Add(deviceB);
            await SendReadingAsync(deviceB, "b-0");
            await WaitForAsync(async () => await server.MetricAsync("funnel_time_to_event_seconds_count{event=\"FirstDeviceData\"}") >= 2, "the second FirstDeviceData in /metrics");
            await letScrapersSample();

            // Every series exists now (sampled at 1): the bulk below is all counted, not lost before a first sample.
            for (var i = 1; i <= 12; i++)
            {
                await SendReadingAsync(deviceA, "a-" + i);
                await SendReadingAsync(deviceB, "b-" + i);
                await Task.Delay(100);
            }

            return traffic;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var socket in _sockets)
            {
                socket.Abort();
                socket.Dispose();
            }

            await Task.CompletedTask;
        }

        private static async Task SendReadingAsync(System.Net.WebSockets.ClientWebSocket device, string messageId)
        {
            await EdgeIngestServer.SendAsync(device, "{\"message_id\":\"" + messageId + "\",\"sensor\":\"temperature\",\"readings\":[{\"value\":21.5}]}");
            var ack = await EdgeIngestServer.ReceiveAsync(device);
            Assert.Equal("ack", ack.GetProperty("type").GetString());
        }

        private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Timed out waiting for " + what + ".");
                }

                await Task.Delay(50);
            }
        }
    }
}
