using System;
using System.Linq;
using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 15 §1, §2 and §6 on SQLite: byte sequences and values a hostile device sends get a documented error
/// frame or close code and a reason label from the closed set of error codes; a resent message id is acked.
/// </summary>
public sealed class HostileInputTests : IClassFixture<ServerFixture>
{
    private const string Good = """{"message_id":"ok-1","sensor":"temperature","readings":[{"value":21.5},{"value":22.0}]}""";
    private readonly EdgeIngestServer _server;

    public HostileInputTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, string> BadValues => new()
    {
        // JSON escapes of a lone UTF-16 surrogate: valid JSON, not valid Unicode text.
        { "lone surrogate in message_id", """{"message_id":"m-\ud800","sensor":"temperature","readings":[{"value":1}]}""" },
        { "lone surrogate in sensor", """{"message_id":"m-2","sensor":"temp\udc00","readings":[{"value":1}]}""" },
        { "NUL in message_id", """{"message_id":"m-\u0000-x","sensor":"temperature","readings":[{"value":1}]}""" },
        { "control character in message_id", """{"message_id":"m-\u001b","sensor":"temperature","readings":[{"value":1}]}""" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_value_that_is_not_storable_text_is_refused_as_invalid_message_and_the_connection_stays_usable(string row, string frame)
    {
        var tenant = await _server.ProvisionAsync(row.Replace(' ', '-'));
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        var before = await _server.MetricAsync("ingest_failures_total{reason=\"invalid_message\"}");
        var rowsBefore = await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("ingested_messages", default);

        await EdgeIngestServer.SendAsync(socket, frame);
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal(ErrorCodes.InvalidMessage, reply.GetProperty("code").GetString());
        Assert.Equal(before + 1, await _server.MetricAsync("ingest_failures_total{reason=\"invalid_message\"}"));
        Assert.Equal(rowsBefore, await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("ingested_messages", default));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Level >= LogLevel.Error);

        await EdgeIngestServer.SendAsync(socket, Good.Replace("ok-1", "after-" + row.Length));
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_is_closed_with_1007_and_counted_as_protocol_error()
    {
        var tenant = await _server.ProvisionAsync("bad-utf8");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        var before = await _server.MetricAsync("ingest_failures_total{reason=\"protocol_error\"}");

        // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
        var bytes = Encoding.UTF8.GetBytes("{\"message_id\":\"m-x\",\"sensor\":\"temperature\",\"readings\":[{\"value\":1}]}");
        bytes[16] = 0xC3;
        bytes[17] = 0x28;
        await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

        using var timeout = new CancellationTokenSource(10_000);
        var result = await socket.ReceiveAsync(new byte[4096], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
        Assert.Equal(before + 1, await WaitForMetricAsync("ingest_failures_total{reason=\"protocol_error\"}", before + 1));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_resent_message_id_is_acknowledged_as_a_replay_and_stored_once()
    {
        var tenant = await _server.ProvisionAsync("resender");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        var store = _server.App.Services.GetRequiredService<EdgeStore>();

        await EdgeIngestServer.SendAsync(socket, Good);
        var first = await EdgeIngestServer.ReceiveAsync(socket);
        Assert.Equal("ack", first.GetProperty("type").GetString());
        Assert.False(first.TryGetProperty("replay", out _));
        var stored = await store.CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default);

        // The device lost the ack and resends (from a new connection, as after a reconnect).
        using var again = await _server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(again, Good);
        var second = await EdgeIngestServer.ReceiveAsync(again);

        Assert.Equal("ack", second.GetProperty("type").GetString());
        Assert.Equal("ok-1", second.GetProperty("message_id").GetString());
        Assert.True(second.GetProperty("replay").GetBoolean());
        Assert.Equal(stored, await store.CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default));
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task Every_reason_label_at_metrics_is_an_error_code_never_an_exception_type()
    {
        // Run everything hostile this class knows through one device first.
        var tenant = await _server.ProvisionAsync("label-audit");
        using (var socket = await _server.ConnectDeviceAsync(tenant.Token))
        {
            foreach (var row in BadValues)
            {
                await EdgeIngestServer.SendAsync(socket, (string)row[1]);
                await EdgeIngestServer.ReceiveAsync(socket);
            }
        }

        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append("non_finite_value") // the flow nodes' own code (FlowNodeException)
            .ToHashSet(StringComparer.Ordinal);
        var text = await _server.Http.GetStringAsync("metrics");
        var reasons = Regex.Matches(text, "reason=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();

        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.Contains(reason, codes));
    }

    private async Task<double> WaitForMetricAsync(string series, double expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var value = await _server.MetricAsync(series);
        while (value < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await _server.MetricAsync(series);
        }

        return value;
    }
}
