using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// A device frame is one JSON object and nothing else (RFC 8259: a JSON text is one value, with whitespace around it).
/// A stranger's probe: <c>{…tg-1…}garbage</c> was acknowledged and stored, and <c>{…tg-2…}{…tg-3…}</c> stored tg-2
/// and dropped tg-3 without an answer — the parser read the first value and ignored the rest. REST refused the same
/// bodies with 400 <c>malformed_json</c>; both now agree. A key written twice in one object is refused the same way on
/// both (it was accepted, the last value winning). Real server on 127.0.0.1, real WebSocket frames.
/// </summary>
public sealed class WebSocketFrameJsonTests : IClassFixture<ServerFixture>
{
    private const string Good = """{"message_id":"ok-1","sensor":"temperature","readings":[{"value":21.5}]}""";
    private const string Failures = "ingest_failures_total{reason=\"malformed_json\"}";
    private const string Rejected = "ingest_rejected_total{reason=\"malformed_json\"}";
    private readonly EdgeIngestServer _server;

    public WebSocketFrameJsonTests(ServerFixture fixture) => _server = fixture.Server;

    public static TheoryData<string, string> ExtraContent => new()
    {
        { "object then garbage", """{"message_id":"tg-1","sensor":"temperature","readings":[{"value":1}]}garbage""" },
        { "two objects in one frame", """{"message_id":"tg-2","sensor":"temperature","readings":[{"value":1}]}{"message_id":"tg-3","sensor":"temperature","readings":[{"value":2}]}""" },
        { "object then a number", """{"message_id":"tg-4","sensor":"temperature","readings":[{"value":1}]} 7""" },
        { "object then a comment", """{"message_id":"tg-5","sensor":"temperature","readings":[{"value":1}]}/* x */""" },
    };

    [Theory]
    [MemberData(nameof(ExtraContent))]
    public async Task A_frame_with_content_after_its_object_is_refused_whole_as_malformed_json_and_counted(string row, string frame)
    {
        var (tenant, socket, _) = await SendRefusedFrameAsync(row, frame);
        using var owned = socket;
        Assert.Equal(0, await DeviceReadingsAsync(tenant));

        // Exactly one answer per frame: the next answer is the next frame's ack, not a late ack of a second object.
        await EdgeIngestServer.SendAsync(socket, Good.Replace("ok-1", "after", System.StringComparison.Ordinal));
        var next = await EdgeIngestServer.ReceiveAsync(socket);
        Assert.Equal("ack", next.GetProperty("type").GetString());
        Assert.Equal("after", next.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task Whitespace_around_the_object_is_still_one_json_text_and_is_acknowledged()
    {
        var tenant = await _server.ProvisionAsync("whitespace");
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);

        await EdgeIngestServer.SendAsync(socket, " \r\n\t" + Good + " \r\n\t ");
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("ack", reply.GetProperty("type").GetString());
        Assert.Equal("ok-1", reply.GetProperty("message_id").GetString());
        Assert.Equal(1, await DeviceReadingsAsync(tenant));
    }

    [Theory]
    [InlineData("""{"name":"tg"}garbage""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"tg-a"}{"name":"tg-b"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"tg"} 7""", HttpStatusCode.BadRequest)]
    [InlineData(" \r\n\t{\"name\":\"tg\"} \r\n\t ", HttpStatusCode.Created)]
    public async Task Rest_agrees_content_after_the_object_is_malformed_json_and_whitespace_is_fine(string body, HttpStatusCode expected)
    {
        var orgsBefore = await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("orgs", default);

        using var response = await _server.Http.PostAsync("api/orgs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        var orgsAfter = await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("orgs", default);
        if (expected == HttpStatusCode.BadRequest)
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("malformed_json", error.RootElement.GetProperty("code").GetString());
            Assert.Equal(orgsBefore, orgsAfter);
        }
        else
        {
            Assert.Equal(orgsBefore + 1, orgsAfter);
        }
    }

    public static TheoryData<string, string, string> DuplicateKeys => new()
    {
        { "duplicate sensor", """{"message_id":"d-3","sensor":"gas","sensor":"temperature","readings":[{"value":1}]}""", "sensor" },
        { "duplicate message_id", """{"message_id":"d-4","message_id":"d-5","sensor":"temperature","readings":[{"value":1}]}""", "message_id" },
        { "duplicate value inside a reading", """{"message_id":"d-6","sensor":"temperature","readings":[{"value":1,"value":2}]}""", "value" },
    };

    [Theory]
    [MemberData(nameof(DuplicateKeys))]
    public async Task A_frame_with_a_duplicate_key_is_refused_as_malformed_json_naming_the_key(string row, string frame, string key)
    {
        // A stranger's probe: the last "sensor" won and the frame was stored as temperature. Which one a device meant is
        // not knowable, and other parsers keep the first (RFC 8259 §4: names SHOULD be unique, behaviour is unpredictable).
        var (_, socket, reply) = await SendRefusedFrameAsync(row, frame);
        using var owned = socket;
        Assert.Contains("'" + key + "'", reply.GetProperty("message").GetString(), System.StringComparison.Ordinal);
        await EdgeIngestServer.SendAsync(socket, Good);
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("api/orgs", """{"name":"first","name":"second"}""", "name")]
    [InlineData("api/orgs", """{"name":"first","Name":"second"}""", "name")]
    [InlineData("api/frontend-timings", """{"page":"dashboard","page":"observability","timings":[{"name":"ws_connect","ms":1}]}""", "page")]
    [InlineData("api/frontend-timings", """{"page":"dashboard","timings":[{"name":"ws_connect","ms":1,"ms":2}]}""", "ms")]
    public async Task A_rest_body_with_a_duplicate_key_is_refused_as_malformed_json_naming_the_key(string path, string body, string key)
    {
        // Property names bind without regard to case on REST (ASP.NET Core's web defaults), so "name" and "Name" are one key twice.
        var orgsBefore = await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("orgs", default);

        using var response = await _server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("malformed_json", error.RootElement.GetProperty("code").GetString());
        Assert.Contains("'" + key + "'", error.RootElement.GetProperty("message").GetString(), System.StringComparison.Ordinal);
        Assert.True(error.RootElement.TryGetProperty("request_id", out _));
        Assert.Equal(orgsBefore, await _server.App.Services.GetRequiredService<EdgeStore>().CountAsync("orgs", default));
    }

    /// <summary>
    /// Sends <paramref name="frame"/> from a new tenant's device and checks that it is refused whole: one
    /// <c>malformed_json</c> error, nothing stored, the failure and rejection counted once. The socket stays open for more.
    /// </summary>
    private async Task<(Tenant Tenant, System.Net.WebSockets.ClientWebSocket Socket, JsonElement Reply)> SendRefusedFrameAsync(string row, string frame)
    {
        var tenant = await _server.ProvisionAsync(row.Replace(' ', '-'));
        var socket = await _server.ConnectDeviceAsync(tenant.Token);
        try
        {
            var rowsBefore = await StoredRowsAsync();
            var failuresBefore = await _server.MetricAsync(Failures);
            var rejectedBefore = await _server.MetricAsync(Rejected);

            await EdgeIngestServer.SendAsync(socket, frame);
            var reply = await EdgeIngestServer.ReceiveAsync(socket);

            Assert.Equal("error", reply.GetProperty("type").GetString());
            Assert.Equal("malformed_json", reply.GetProperty("code").GetString());
            Assert.Equal(rowsBefore, await StoredRowsAsync());
            Assert.Equal(failuresBefore + 1, await _server.MetricAsync(Failures));
            Assert.Equal(rejectedBefore + 1, await _server.MetricAsync(Rejected));
            return (tenant, socket, reply);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<(long Readings, long Points, long Messages)> StoredRowsAsync()
    {
        var store = _server.App.Services.GetRequiredService<EdgeStore>();
        return (await store.CountAsync("sensor_readings", default), await store.CountAsync("ts_points", default), await store.CountAsync("ingested_messages", default));
    }

    private Task<long> DeviceReadingsAsync(Tenant tenant) =>
        _server.App.Services.GetRequiredService<EdgeStore>().CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default);
}
