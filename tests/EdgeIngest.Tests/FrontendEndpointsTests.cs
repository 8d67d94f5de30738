using System;
using System.Linq;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Hosting;
using Instrumentation.Observability;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// What the browser pages call (docs/browser.md): <c>POST /api/frontend-timings</c> (validated, recorded through the
/// SDK), <c>GET /api/dashboards/{id}/view</c> (opened by the dashboard's token) and the dashboard socket's token as a
/// subprotocol. The pages themselves are driven in Chromium by tests/EdgeIngest.Browser.Tests.
/// </summary>
public sealed class FrontendEndpointsTests : IClassFixture<ServerFixture>
{
    private const string ConnectCount = "frontend_ws_connect_latency_ms_count{page=\"dashboard\"}";
    private readonly EdgeIngestServer _server;

    public FrontendEndpointsTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task A_valid_report_is_recorded_in_the_sdks_histograms_at_metrics()
    {
        var connect = await _server.MetricAsync(ConnectCount);
        var connectSum = await _server.MetricAsync("frontend_ws_connect_latency_ms_sum{page=\"dashboard\"}");
        var render = await _server.MetricAsync("frontend_first_widget_render_ms_count{page=\"onboarding\"}");
        var flow = await _server.MetricAsync("frontend_signup_to_first_data_ms_count");

        using var dashboard = await PostAsync("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":250}]}");
        using var onboarding = await PostAsync("{\"page\":\"onboarding\",\"timings\":[{\"name\":\"first_widget_render\",\"ms\":40.5},{\"name\":\"signup_to_first_data\",\"ms\":9000}]}");

        Assert.Equal(HttpStatusCode.Accepted, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, onboarding.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await onboarding.Content.ReadAsStringAsync()).RootElement.GetProperty("recorded").GetInt32());
        Assert.Equal(connect + 1, await _server.MetricAsync(ConnectCount));
        var recorded = await _server.MetricAsync("frontend_ws_connect_latency_ms_sum{page=\"dashboard\"}") - connectSum;
        Assert.InRange(recorded, 250, 1250); // the page's 250 ms, measured back from the call (plus the call itself)
        Assert.Equal(render + 1, await _server.MetricAsync("frontend_first_widget_render_ms_count{page=\"onboarding\"}"));
        Assert.Equal(flow + 1, await _server.MetricAsync("frontend_signup_to_first_data_ms_count"));
    }

    [Theory]
    [InlineData("{\"page\":\"admin\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":1}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"page_load\",\"ms\":1}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":-1}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":600001}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":1e400}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":\"12\"}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":1},{\"name\":\"ws_connect\",\"ms\":-5}]}", "invalid_message")]
    [InlineData("{\"page\":\"dashboard\"}", "invalid_message")]
    [InlineData("[1,2]", "invalid_message")]
    [InlineData("{\"page\":", "malformed_json")]
    public async Task Bad_reports_get_a_400_json_error_and_record_nothing(string body, string code)
    {
        var before = await _server.MetricAsync(ConnectCount);

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, error.RootElement.GetProperty("code").GetString());
        Assert.Equal(before, await _server.MetricAsync(ConnectCount));
    }

    [Fact]
    public async Task Too_many_timings_or_an_oversized_body_are_refused()
    {
        var nine = "{\"page\":\"dashboard\",\"timings\":[" + string.Join(",", Enumerable.Repeat("{\"name\":\"ws_connect\",\"ms\":1}", 9)) + "]}";
        var huge = "{\"page\":\"dashboard\",\"pad\":\"" + new string('x', 5000) + "\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":1}]}";
        var before = await _server.MetricAsync(ConnectCount);

        using var tooMany = await PostAsync(nine);
        using var tooLarge = await PostAsync(huge);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("over 4096 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await _server.MetricAsync(ConnectCount));
    }

    [Fact]
    public void The_frontend_histograms_are_in_the_metric_catalog_with_closed_labels()
    {
        var connect = MetricCatalog.Current.Get("frontend_ws_connect_latency_ms");
        var render = MetricCatalog.Current.Get("frontend_first_widget_render_ms");
        var flow = MetricCatalog.Current.Get("frontend_signup_to_first_data_ms");

        Assert.Equal(MetricInstrumentKind.Histogram, connect.Kind);
        Assert.Equal("ms", connect.Unit);
        Assert.Equal(new[] { "dashboard", "onboarding", "other" }, connect.Label("page")!.Values); // "other": what any other value would be recorded as
        Assert.Equal(MetricLabelValues.Closed, render.Label("page")!.ValueKind);
        Assert.Single(connect.Labels);
        Assert.Empty(flow.Labels);
    }

    [Fact]
    public async Task The_dashboard_view_opens_with_the_dashboards_own_token_only()
    {
        var tenant = await _server.ProvisionAsync("viewer");
        var other = await _server.ProvisionAsync("other-viewer");

        using var own = await GetViewAsync(tenant.DashboardId, tenant.DashboardToken);
        using var foreign = await GetViewAsync(tenant.DashboardId, other.DashboardToken);
        using var none = await GetViewAsync(tenant.DashboardId, null);
        using var unknown = await GetViewAsync("no-such-dashboard", tenant.DashboardToken);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var view = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        var widget = Assert.Single(view.RootElement.GetProperty("widgets").EnumerateArray());
        Assert.Equal(tenant.WidgetId, widget.GetProperty("widget_id").GetString());
        Assert.Equal("probe", widget.GetProperty("device_name").GetString());
        Assert.Equal("temperature", widget.GetProperty("sensor").GetString());
        Assert.Equal("main", view.RootElement.GetProperty("name").GetString());
        Assert.DoesNotContain("token", await own.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_socket_takes_its_token_as_a_subprotocol_and_answers_with_its_own_name()
    {
        var tenant = await _server.ProvisionAsync("subprotocol");
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("edgeingest.dashboard");
        socket.Options.AddSubProtocol("bearer." + tenant.DashboardToken);
        await socket.ConnectAsync(new Uri(_server.BaseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/ws/dashboard?dashboard_id=" + tenant.DashboardId), CancellationToken.None);
        Assert.Equal("edgeingest.dashboard", socket.SubProtocol);
        var hub = (EdgeIngest.Broadcast.DashboardHub)_server.App.Services.GetService(typeof(EdgeIngest.Broadcast.DashboardHub))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.ConnectionsOf(tenant.DashboardId) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        using var device = await _server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, "{\"message_id\":\"sp-1\",\"sensor\":\"temperature\",\"readings\":[{\"value\":1}]}");
        await EdgeIngestServer.ReceiveAsync(device);

        var reading = await EdgeIngestServer.ReceiveAsync(socket);
        Assert.Equal("sp-1", reading.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task A_wrong_token_in_the_subprotocol_is_refused_like_one_in_the_query()
    {
        var tenant = await _server.ProvisionAsync("subprotocol-wrong");
        var before = await _server.MetricAsync("auth_failures_total{reason=\"invalid_token\"}");
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("edgeingest.dashboard");
        socket.Options.AddSubProtocol("bearer.dt_guess");
        await socket.ConnectAsync(new Uri(_server.BaseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/ws/dashboard?dashboard_id=" + tenant.DashboardId), CancellationToken.None);

        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("invalid_token", reply.GetProperty("code").GetString());
        Assert.Equal(before + 1, await _server.MetricAsync("auth_failures_total{reason=\"invalid_token\"}"));
    }

    [Fact]
    public async Task The_demo_prints_a_dashboard_link_whose_id_and_token_open_the_dashboard()
    {
        var output = new System.IO.StringWriter();
        var console = Console.Out;
        using var stop = new CancellationTokenSource();
        Task demo;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            demo = new EdgeIngest.Demo.DemoDriver(_server.BaseUrl, 1).RunAsync(stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!output.ToString().Contains("/observability", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !demo.IsCompleted)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            Console.SetOut(console);
        }

        stop.Cancel();
        try
        {
            await demo;
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or HttpRequestException)
        {
            // The demo's clients stop with the token.
        }

        var link = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"demo: open (http://[^/\s]+)/dashboard#dashboard_id=([^&\s]+)&token=(\S+)");
        Assert.True(link.Success, output.ToString());
        Assert.Equal(_server.BaseUrl, link.Groups[1].Value);
        using var view = await GetViewAsync(Uri.UnescapeDataString(link.Groups[2].Value), Uri.UnescapeDataString(link.Groups[3].Value));
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Contains(_server.BaseUrl + "/observability", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("8", 8.0)]
    public void Duration_zero_runs_until_stopped(string value, double? seconds)
    {
        var options = EdgeIngestOptions.Parse(new[] { "--duration", value });

        Assert.Equal(seconds, options.Duration?.TotalSeconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("soon")]
    public void Duration_refuses_what_is_not_a_number_of_seconds(string value) =>
        Assert.Throws<ArgumentException>(() => EdgeIngestOptions.Parse(new[] { "--duration", value }));

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _server.Http.PostAsync("api/frontend-timings", content);
    }

    private async Task<HttpResponseMessage> GetViewAsync(string dashboardId, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dashboards/" + dashboardId + "/view");
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await _server.Http.SendAsync(request);
    }
}

/// <summary><c>POST /api/frontend-timings</c> is rate-limited per client address (its own app: the budget is per app).</summary>
public sealed class FrontendTimingsRateLimitTests : IClassFixture<ServerFixture>
{
    private readonly EdgeIngestServer _server;

    public FrontendTimingsRateLimitTests(ServerFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task Over_thirty_reports_a_minute_from_one_address_get_429_and_are_not_recorded()
    {
        const string Body = "{\"page\":\"dashboard\",\"timings\":[{\"name\":\"ws_connect\",\"ms\":5}]}";
        var before = await _server.MetricAsync("frontend_ws_connect_latency_ms_count{page=\"dashboard\"}");
        var statuses = new System.Collections.Generic.List<HttpStatusCode>();
        string? refusal = null;
        for (var i = 0; i < FrontendTimingsLimit + 5; i++)
        {
            using var content = new StringContent(Body, Encoding.UTF8, "application/json");
            using var response = await _server.Http.PostAsync("api/frontend-timings", content);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refusal ??= await response.Content.ReadAsStringAsync();
                Assert.Equal("60", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(FrontendTimingsLimit, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal("rate_limited", JsonDocument.Parse(refusal!).RootElement.GetProperty("code").GetString());
        Assert.Equal(before + FrontendTimingsLimit, await _server.MetricAsync("frontend_ws_connect_latency_ms_count{page=\"dashboard\"}"));
    }

    private static int FrontendTimingsLimit => EdgeIngest.Api.FrontendEndpoints.TimingReportsPerMinute;
}
