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
/// bodies with 400 <c>malformed_json</c>; both now agree. Real server on 127.0.0.1, real WebSocket frames.
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
        var tenant = await _server.ProvisionAsync(row.Replace(' ', '-'));
        using var socket = await _server.ConnectDeviceAsync(tenant.Token);
        var rowsBefore = await StoredRowsAsync();
        var failuresBefore = await _server.MetricAsync(Failures);
        var rejectedBefore = await _server.MetricAsync(Rejected);

        await EdgeIngestServer.SendAsync(socket, frame);
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal("malformed_json", reply.GetProperty("code").GetString());
        Assert.Equal(rowsBefore, await StoredRowsAsync());
        Assert.Equal(0, await DeviceReadingsAsync(tenant));
        Assert.Equal(failuresBefore + 1, await _server.MetricAsync(Failures));
        Assert.Equal(rejectedBefore + 1, await _server.MetricAsync(Rejected));

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

    private async Task<(long Readings, long Points, long Messages)> StoredRowsAsync()
    {
        var store = _server.App.Services.GetRequiredService<EdgeStore>();
        return (await store.CountAsync("sensor_readings", default), await store.CountAsync("ts_points", default), await store.CountAsync("ingested_messages", default));
    }

    private Task<long> DeviceReadingsAsync(Tenant tenant) =>
        _server.App.Services.GetRequiredService<EdgeStore>().CountReadingsAsync(tenant.OrgId, tenant.DeviceUuid, default);
}
