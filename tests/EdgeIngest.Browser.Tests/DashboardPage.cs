using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using EdgeIngest.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EdgeIngest.Browser.Tests;

/// <summary>What the dashboard tests do with the page and with a test device.</summary>
internal static class DashboardPage
{
    /// <summary>Opens /dashboard, signs in with the tenant's dashboard and waits until the server subscribed the page's socket.</summary>
    public static async Task SignInAsync(EdgeIngestServer server, IPage page, string dashboardId, string token)
    {
        var hub = server.App.Services.GetRequiredService<EdgeIngest.Broadcast.DashboardHub>();
        var before = hub.ConnectionsOf(dashboardId);
        await page.GotoAsync(server.BaseUrl + "/dashboard");
        await page.FillAsync("#dashboard-id", dashboardId);
        await page.FillAsync("#dashboard-token", token);
        await page.ClickAsync("#signin-button");
        await page.WaitForSelectorAsync("body[data-socket='open']");
        await WaitUntilAsync(() => Task.FromResult(hub.ConnectionsOf(dashboardId) > before), "the server to subscribe the page's dashboard socket");
    }

    /// <summary>Sends one temperature message from the device and waits for its ack.</summary>
    public static async Task SendReadingAsync(EdgeIngestServer server, string deviceToken, string messageId, double value)
    {
        using var device = await server.ConnectDeviceAsync(deviceToken);
        await EdgeIngestServer.SendAsync(device, $"{{\"message_id\":\"{messageId}\",\"sensor\":\"temperature\",\"readings\":[{{\"value\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]}}");
        var ack = await EdgeIngestServer.ReceiveAsync(device);
        if (ack.GetProperty("type").GetString() != "ack")
        {
            throw new InvalidOperationException("The device's message was refused: " + ack);
        }

        await device.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", default);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Waited " + timeoutMs + " ms for " + what + ".");
            }

            await Task.Delay(50);
        }
    }
}
