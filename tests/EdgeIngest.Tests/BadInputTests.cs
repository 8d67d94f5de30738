using System;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// SPEC §3.6, one row per kind of bad input: each row checks the error frame's code, that the failure
/// counter for that reason moved by exactly one, and that no row was stored.
/// </summary>
public sealed class BadInputTests : IClassFixture<ServerFixture>
{
    private const string Good = """{"message_id":"ok-1","sensor":"temperature","readings":[{"value":21.5},{"value":22.0}]}""";
    private readonly EdgeIngestServer _server;

    public BadInputTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, string, string> Rows => new()
    {
        { "malformed json", "malformed_json", "ingest_failures_total{reason=\"malformed_json\"}" },
        { "wrong types", "invalid_message", "ingest_failures_total{reason=\"invalid_message\"}" },
        { "oversized frame", "frame_too_large", "ingest_failures_total{reason=\"frame_too_large\"}" },
        { "binary frame", "unsupported_frame", "ingest_failures_total{reason=\"unsupported_frame\"}" },
        { "unknown device", "unknown_device", "auth_failures_total{reason=\"unknown_device\"}" },
        { "revoked device at connect", "device_revoked", "auth_failures_total{reason=\"device_revoked\"}" },
        { "revoked device on an open connection", "device_revoked", "ingest_failures_total{reason=\"device_revoked\"}" },
        { "another org's tenant fields", "wrong_tenant", "ingest_failures_total{reason=\"wrong_tenant\"}" },
        { "another device's uuid", "wrong_tenant", "ingest_failures_total{reason=\"wrong_tenant\"}" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Bad_input_gets_an_error_frame_a_counted_failure_and_stores_nothing(string row, string code, string counter)
    {
        var tenant = await _server.ProvisionAsync(row.Replace(' ', '-'));
        var other = row == "another org's tenant fields" ? await _server.ProvisionAsync("other") : null;
        ClientWebSocket? socket = null;
        if (row is "revoked device on an open connection")
        {
            // A message stored before the bad one: the bad one must add nothing to it.
            socket = await _server.ConnectDeviceAsync(tenant.Token);
            await EdgeIngestServer.SendAsync(socket, Good);
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
        }

        var rowsBefore = await StoredRowsAsync();
        var failuresBefore = await _server.MetricAsync(counter);

        JsonElement reply;
        var connectionStaysUsable = true;
        switch (row)
        {
            case "unknown device":
                socket = await _server.ConnectDeviceAsync("no-such-token");
                reply = await EdgeIngestServer.ReceiveAsync(socket);
                connectionStaysUsable = false;
                break;
            case "revoked device at connect":
                await RevokeAsync(tenant);
                socket = await _server.ConnectDeviceAsync(tenant.Token);
                reply = await EdgeIngestServer.ReceiveAsync(socket);
                connectionStaysUsable = false;
                break;
            case "revoked device on an open connection":
                await RevokeAsync(tenant);
                await EdgeIngestServer.SendAsync(socket!, Good.Replace("ok-1", "after-revoke"));
                reply = await EdgeIngestServer.ReceiveAsync(socket!);
                connectionStaysUsable = false;
                break;
            case "binary frame":
                socket = await _server.ConnectDeviceAsync(tenant.Token);
                await socket.SendAsync(Encoding.UTF8.GetBytes(Good), WebSocketMessageType.Binary, true, CancellationToken.None);
                reply = await EdgeIngestServer.ReceiveAsync(socket);
                break;
            default:
                socket ??= await _server.ConnectDeviceAsync(tenant.Token);
                var deviceOfSameProject = row == "another device's uuid" ? (await _server.AddDeviceAsync(tenant, "sibling")).DeviceUuid : null;
                await EdgeIngestServer.SendAsync(socket, row switch
                {
                    "malformed json" => "{\"message_id\":\"m\",\"sensor\":",
                    "wrong types" => """{"message_id":"m","sensor":"temperature","readings":[{"value":"hot"}]}""",
                    "oversized frame" => "{\"message_id\":\"big\",\"pad\":\"" + new string('x', 70_000) + "\"}",
                    "another org's tenant fields" => $$"""{"message_id":"m","org_id":"{{other!.OrgId}}","project_id":"{{other.ProjectId}}","device_uuid":"{{other.DeviceUuid}}","sensor":"temperature","readings":[{"value":1}]}""",
                    "another device's uuid" => $$"""{"message_id":"m","device_uuid":"{{deviceOfSameProject}}","sensor":"temperature","readings":[{"value":1}]}""",
                    _ => throw new ArgumentOutOfRangeException(nameof(row)),
                });
                reply = await EdgeIngestServer.ReceiveAsync(socket);
                break;
        }

        Assert.NotNull(socket);
        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal(code, reply.GetProperty("code").GetString());
        Assert.Equal(failuresBefore + 1, await _server.MetricAsync(counter));
        Assert.Equal(rowsBefore, await StoredRowsAsync());
        if (connectionStaysUsable)
        {
            await EdgeIngestServer.SendAsync(socket, Good.Replace("ok-1", "ok-after"));
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
        }
        else
        {
            await AssertClosedAsync(socket, code);
        }

        socket.Dispose();
    }

    [Fact]
    public async Task A_device_that_states_its_own_ids_in_upper_case_is_acknowledged()
    {
        var tenant = await _server.ProvisionAsync("upper-case");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);

        await EdgeIngestServer.SendAsync(socket, $$"""{"message_id":"upper-1","org_id":"{{tenant.OrgId.ToUpperInvariant()}}","device_uuid":"{{tenant.DeviceUuid.ToUpperInvariant()}}","sensor":"temperature","readings":[{"value":1}]}""");

        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_revoked_device_is_also_counted_as_an_auth_failure_on_its_open_connection()
    {
        var tenant = await _server.ProvisionAsync("revoke-auth");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        var before = await _server.MetricAsync("auth_failures_total{reason=\"device_revoked\"}");

        await RevokeAsync(tenant);
        await EdgeIngestServer.SendAsync(socket, Good);
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("device_revoked", reply.GetProperty("code").GetString());
        Assert.Equal(before + 1, await _server.MetricAsync("auth_failures_total{reason=\"device_revoked\"}"));
        Assert.Equal(0, await _server.App.Services.GetRequiredService<EdgeStore>().CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default));
    }

    [Fact]
    public async Task Client_mistakes_are_logged_as_information_not_errors()
    {
        var tenant = await _server.ProvisionAsync("clumsy");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        foreach (var frame in new[] { "{oops", Good, Good })
        {
            await EdgeIngestServer.SendAsync(socket, frame);
            await EdgeIngestServer.ReceiveAsync(socket);
        }

        var lines = _server.Logs.Lines.ToArray();
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Message.StartsWith("Device frame refused (malformed_json)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Message.StartsWith("Message ok-1 was already stored; acknowledged again as a replay", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Error);
    }

    private async Task RevokeAsync(Tenant tenant)
    {
        using var response = await _server.SendAsync(HttpMethod.Delete, "api/devices/" + tenant.DeviceUuid, null, tenant.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<(long Readings, long Points, long Messages)> StoredRowsAsync()
    {
        var store = _server.App.Services.GetRequiredService<EdgeStore>();
        return (await store.CountAsync("sensor_readings", default), await store.CountAsync("ts_points", default), await store.CountAsync("ingested_messages", default));
    }

    private static async Task AssertClosedAsync(ClientWebSocket socket, string code)
    {
        using var timeout = new CancellationTokenSource(5_000);
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(code, socket.CloseStatusDescription);
    }
}
