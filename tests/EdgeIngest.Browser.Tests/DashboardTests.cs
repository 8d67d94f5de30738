using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeIngest.Tests;
using Microsoft.Playwright;
using Xunit;

namespace EdgeIngest.Browser.Tests;

/// <summary>The dashboard page in headless Chromium against the real app (SPEC §3.8).</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests
{
    private const string Hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>";
    private readonly BrowserFixture _fixture;

    public DashboardTests(BrowserFixture fixture) => _fixture = fixture;

    private EdgeIngestServer Server => _fixture.Server;

    [Fact]
    public async Task Shows_a_test_devices_reading_within_seconds_with_its_message_id_on_hover_and_no_token_in_any_url()
    {
        var tenant = await Server.ProvisionAsync("browser-live");
        var page = await _fixture.NewPageAsync();
        var socketUrls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var requestUrls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.WebSocket += (_, socket) => socketUrls.Enqueue(socket.Url);
        page.Request += (_, request) => requestUrls.Enqueue(request.Url);
        var boiler = await Server.AddDeviceAsync(tenant, "boiler-probe");
        await DashboardPage.SignInAsync(Server, page, tenant.DashboardId, tenant.DashboardToken);

        var values = new[] { 19.2, 19.8, 20.4, 20.1, 20.9, 21.3 };
        for (var i = 0; i < values.Length; i++)
        {
            await DashboardPage.SendReadingAsync(Server, boiler.Token, "boiler-" + i, values[i] + 40);
            await DashboardPage.SendReadingAsync(Server, tenant.Token, "warm-up-" + i, values[i]);
        }

        await DashboardPage.SendReadingAsync(Server, tenant.Token, "browser-m-1", 21.5);

        await page.Locator("li.reading[data-message-id='browser-m-1']").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var reading = page.Locator($"article[data-widget-id='{tenant.WidgetId}'] li.reading").First; // the newest on top
        await reading.HoverAsync();
        Assert.Equal("message_id: browser-m-1", await reading.GetAttributeAsync("title"));
        Assert.Equal("browser-m-1", await reading.GetAttributeAsync("data-message-id"));
        Assert.StartsWith("21.5", await reading.TextContentAsync());
        Assert.Equal("message_id: browser-m-1", await page.Locator($"article[data-widget-id='{tenant.WidgetId}'] circle.dot title").Last.TextContentAsync());
        Assert.Equal("probe", await page.Locator($"article[data-widget-id='{tenant.WidgetId}'] h3").TextContentAsync());
        await DashboardPage.WaitUntilAsync(async () => await page.Locator("article:has(h3:text-is('boiler-probe')) li.reading").CountAsync() == values.Length, "the boiler's readings");

        Assert.Single(socketUrls);
        Assert.DoesNotContain(socketUrls.Concat(requestUrls).Append(page.Url), url => url.Contains(tenant.DashboardToken, StringComparison.Ordinal));
        Assert.DoesNotContain(Server.Logs.Lines, l => l.Message.Contains(tenant.DashboardToken, StringComparison.Ordinal));
        await BrowserFixture.ScreenshotAsync(page, "dashboard.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reports_its_websocket_connect_latency_and_time_to_first_widget_render_at_metrics()
    {
        const string Connect = "frontend_ws_connect_latency_ms_count{page=\"dashboard\"}";
        const string FirstRender = "frontend_first_widget_render_ms_count{page=\"dashboard\"}";
        var tenant = await Server.ProvisionAsync("browser-timings");
        var connectBefore = await Server.MetricAsync(Connect);
        var renderBefore = await Server.MetricAsync(FirstRender);
        var page = await _fixture.NewPageAsync();
        await DashboardPage.SignInAsync(Server, page, tenant.DashboardId, tenant.DashboardToken);
        await DashboardPage.WaitUntilAsync(async () => await Server.MetricAsync(Connect) == connectBefore + 1, Connect + " to move");
        Assert.Equal(renderBefore, await Server.MetricAsync(FirstRender));

        await DashboardPage.SendReadingAsync(Server, tenant.Token, "timing-1", 19.0);
        await page.WaitForSelectorAsync("body[data-first-render='done']");

        await DashboardPage.WaitUntilAsync(async () => await Server.MetricAsync(FirstRender) == renderBefore + 1, FirstRender + " to move");
        var sum = await Server.MetricAsync("frontend_first_widget_render_ms_sum{page=\"dashboard\"}");
        Assert.True(sum > 0, "the recorded render time is positive");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hostile_device_dashboard_and_alert_texts_are_rendered_as_text_and_never_run()
    {
        var org = await Server.PostAsync("api/orgs", new { name = "hostile" });
        var key = org.GetProperty("api_key").GetString()!;
        var project = (await Server.PostAsync($"api/orgs/{org.GetProperty("org_id").GetString()}/projects", new { name = "p" }, key)).GetProperty("project_id").GetString()!;
        var dashboard = await Server.PostAsync($"api/projects/{project}/dashboards", new { name = Hostile }, key);
        var dashboardId = dashboard.GetProperty("dashboard_id").GetString()!;
        var device = await Server.PostAsync($"api/projects/{project}/devices", new { name = Hostile }, key);
        await Server.PostAsync($"api/dashboards/{dashboardId}/widgets", new { device_uuid = device.GetProperty("device_uuid").GetString(), sensor = "temperature" }, key);
        await Server.PostAsync($"api/projects/{project}/flows", new { name = "f", sensor = "temperature", nodes = new object[] { new { type = "alert", severity = "critical", message = Hostile } } }, key);
        var page = await _fixture.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await DashboardPage.SignInAsync(Server, page, dashboardId, dashboard.GetProperty("token").GetString()!);
        await DashboardPage.SendReadingAsync(Server, device.GetProperty("token").GetString()!, "hostile-1", 30);
        await page.Locator("#alerts li").First.WaitForAsync();
        await page.Locator("li.reading").First.WaitForAsync();

        Assert.Equal(Hostile, await page.TextContentAsync("#board-name"));
        Assert.Equal(Hostile, await page.Locator("#widgets article h3").TextContentAsync());
        Assert.Contains(Hostile, await page.Locator("#alerts li").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_page_says_so()
    {
        var tenant = await Server.ProvisionAsync("browser-refused");
        var other = await Server.ProvisionAsync("browser-other");
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/dashboard");
        await page.FillAsync("#dashboard-id", tenant.DashboardId);
        await page.FillAsync("#dashboard-token", other.DashboardToken);
        await page.ClickAsync("#signin-button");

        await page.Locator("#signin-error").Filter(new LocatorFilterOptions { HasText = "does not open" }).WaitForAsync();
        Assert.True(await page.Locator("#board").IsHiddenAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_up_in_the_page_then_sending_from_the_new_device_reports_the_whole_flow()
    {
        const string Flow = "frontend_signup_to_first_data_ms_count";
        var before = await Server.MetricAsync(Flow);
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/dashboard");
        await page.ClickAsync("#onboarding summary");
        await page.FillAsync("#signup-org", "newcomer");
        await page.FillAsync("#signup-device", "kitchen");
        await page.ClickAsync("#signup-button");
        await page.WaitForSelectorAsync("body[data-socket='open']");
        var deviceToken = await page.TextContentAsync("#signup-device-token");
        Assert.False(string.IsNullOrEmpty(deviceToken));
        await DashboardPage.WaitUntilAsync(async () => await page.Locator("#widgets article").CountAsync() == 1, "the new widget");

        await DashboardPage.SendReadingAsync(Server, deviceToken!, "first", 22);
        await page.WaitForSelectorAsync("body[data-first-render='done']");

        await DashboardPage.WaitUntilAsync(async () => await Server.MetricAsync(Flow) == before + 1, Flow + " to move");
        Assert.Equal("kitchen", await page.Locator("#widgets article h3").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_carry_a_content_security_policy_without_inline_script()
    {
        using var response = await Server.Http.GetAsync("dashboard");
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
