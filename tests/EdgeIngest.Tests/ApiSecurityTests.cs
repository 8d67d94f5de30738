using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>The REST API needs the org's API key; the dashboard WebSocket needs the dashboard's token.</summary>
public sealed class ApiSecurityTests : IClassFixture<ServerFixture>
{
    private readonly EdgeIngestServer _server;

    public ApiSecurityTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, string> Requests => new()
    {
        { "POST", "api/orgs/{org}/projects" },
        { "POST", "api/projects/{project}/devices" },
        { "DELETE", "api/devices/{device}" },
        { "POST", "api/projects/{project}/dashboards" },
        { "POST", "api/dashboards/{dashboard}/widgets" },
        { "POST", "api/projects/{project}/flows" },
        { "GET", "api/projects/{project}/alerts" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Org_resources_answer_401_without_a_valid_key_and_403_with_another_orgs_key(string method, string template)
    {
        var owner = await _server.ProvisionAsync("owner");
        var intruder = await _server.ProvisionAsync("intruder");
        var path = template.Replace("{org}", owner.OrgId).Replace("{project}", owner.ProjectId).Replace("{device}", owner.DeviceUuid).Replace("{dashboard}", owner.DashboardId);
        var body = method == "POST" ? Body(template, owner) : null;
        var unauthorizedBefore = await _server.MetricAsync("auth_failures_total{reason=\"unauthorized\"}");
        var forbiddenBefore = await _server.MetricAsync("auth_failures_total{reason=\"forbidden\"}");

        using (var none = await _server.SendAsync(new HttpMethod(method), path, body, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", Assert.Single(none.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("unauthorized", await CodeAsync(none));
        }

        using (var forged = await _server.SendAsync(new HttpMethod(method), path, body, "ek_not-a-real-key"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var foreign = await _server.SendAsync(new HttpMethod(method), path, body, intruder.ApiKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            Assert.Equal("forbidden", await CodeAsync(foreign));
        }

        Assert.Equal(unauthorizedBefore + 2, await _server.MetricAsync("auth_failures_total{reason=\"unauthorized\"}"));
        Assert.Equal(forbiddenBefore + 1, await _server.MetricAsync("auth_failures_total{reason=\"forbidden\"}"));

        using var allowed = await _server.SendAsync(new HttpMethod(method), path, body, owner.ApiKey);
        Assert.True(allowed.IsSuccessStatusCode, method + " " + template + " with the owner's key: " + (int)allowed.StatusCode + " " + await allowed.Content.ReadAsStringAsync());
        var route = "/" + template.Replace("{org}", "{orgId}").Replace("{project}", "{projectId}").Replace("{device}", "{deviceUuid}").Replace("{dashboard}", "{dashboardId}");
        Assert.True(await _server.MetricAsync($"request_duration_ms_count{{method=\"{method}\",path=\"{route}\",status=\"403\"}}") >= 1, "403 recorded under the route template " + route);
    }

    [Fact]
    public async Task A_missing_resource_is_404_for_a_valid_key_and_401_without_one()
    {
        var tenant = await _server.ProvisionAsync("lonely");
        using (var missing = await _server.SendAsync(HttpMethod.Post, "api/projects/no-such-project/devices", new { name = "x" }, tenant.ApiKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("not_found", await CodeAsync(missing));
        }

        using var anonymous = await _server.SendAsync(HttpMethod.Post, "api/projects/no-such-project/devices", new { name = "x" }, null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Org_creation_returns_an_api_key_once_and_never_the_same_twice()
    {
        var first = await _server.PostAsync("api/orgs", new { name = "a", owner_email = "owner@example.com" });
        var second = await _server.PostAsync("api/orgs", new { name = "b" });

        Assert.StartsWith("ek_", first.GetProperty("api_key").GetString());
        Assert.NotEqual(first.GetProperty("api_key").GetString(), second.GetProperty("api_key").GetString());
        // The owner's e-mail is personal data: the log line about the new org carries it redacted.
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Message.Contains("owner@example.com", StringComparison.Ordinal));
        Assert.Contains(_server.Logs.Lines, l => l.Message.StartsWith("Org " + first.GetProperty("org_id").GetString() + " created by [REDACTED]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Device_tokens_are_secret_data_and_never_reach_the_logs()
    {
        var tenant = await _server.ProvisionAsync("secretive");

        Assert.Contains(_server.Logs.Lines, l => l.Message.StartsWith("Device " + tenant.DeviceUuid + " registered", StringComparison.Ordinal) && l.Message.Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Message.Contains(tenant.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Message.Contains(tenant.ApiKey, StringComparison.Ordinal) || l.Message.Contains(tenant.DashboardToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("none", "missing_token")]
    [InlineData("another dashboard's token", "invalid_token")]
    [InlineData("made up", "invalid_token")]
    public async Task Dashboard_websocket_needs_its_own_token(string credential, string code)
    {
        var a = await _server.ProvisionAsync("a");
        var b = await _server.ProvisionAsync("b");
        var before = await _server.MetricAsync($"auth_failures_total{{reason=\"{code}\"}}");
        var query = credential switch
        {
            "none" => $"ws/dashboard?dashboard_id={a.DashboardId}",
            "another dashboard's token" => $"ws/dashboard?dashboard_id={a.DashboardId}&token={Uri.EscapeDataString(b.DashboardToken)}",
            _ => $"ws/dashboard?dashboard_id={a.DashboardId}&token=dt_guess",
        };

        using var socket = await _server.ConnectAsync(query);
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal(code, reply.GetProperty("code").GetString());
        Assert.Equal(before + 1, await _server.MetricAsync($"auth_failures_total{{reason=\"{code}\"}}"));
    }

    private static object Body(string template, Tenant owner) => template switch
    {
        "api/dashboards/{dashboard}/widgets" => new { device_uuid = owner.DeviceUuid, sensor = "humidity" },
        "api/projects/{project}/flows" => new { name = "f", sensor = "temperature", nodes = new object[] { new { type = "alert" } } },
        _ => new { name = "x" },
    };

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
}
