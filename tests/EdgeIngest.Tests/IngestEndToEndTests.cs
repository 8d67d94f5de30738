using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

public sealed class IngestEndToEndTests
{
    private const string Frame = """{"message_id":"m-1","sensor":"temperature","readings":[{"value":21.5},{"value":22.0},{"value":22.5}]}""";

    [Fact]
    public async Task Device_message_is_stored_dual_written_acknowledged_and_broadcast_to_its_widget()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var dashboard = await server.ConnectAsync($"ws/dashboard?dashboard_id={tenant.DashboardId}&org_id={tenant.OrgId}");
        using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);
        await Task.Delay(200);

        await EdgeIngestServer.SendAsync(device, Frame);

        var ack = await EdgeIngestServer.ReceiveAsync(device);
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.Equal("m-1", ack.GetProperty("message_id").GetString());
        var broadcast = await EdgeIngestServer.ReceiveAsync(dashboard);
        Assert.Equal(tenant.WidgetId, broadcast.GetProperty("widget_id").GetString());
        Assert.Equal("m-1", broadcast.GetProperty("message_id").GetString());
        Assert.Equal(3, broadcast.GetProperty("values").GetArrayLength());

        var store = server.App.Services.GetRequiredService<EdgeStore>();
        Assert.Equal(3, await store.CountAsync("sensor_readings", default));
        Assert.Equal(3, await store.CountAsync("ts_points", default));

        // The funnel events of SPEC 3.4 this journey produced, once each.
        await EdgeIngestServer.SendAsync(device, Frame.Replace("m-1", "m-2"));
        await EdgeIngestServer.ReceiveAsync(device);
        await EdgeIngestServer.ReceiveAsync(dashboard);
        Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(System.TimeSpan.FromSeconds(10)));
        var funnel = EdgeIngest.Hosting.EdgeIngestResources.FunnelStore(server.App);
        foreach (var type in new[] { "OrgCreated", "ProjectCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData" })
        {
            Assert.Equal(1, await funnel.CountAsync(type, default));
        }

        var first = (await funnel.ReadAsync(new[] { "FirstDeviceData" }, default)).Single();
        Assert.Equal(tenant.DeviceUuid, first.EntityId);
        Assert.Equal(tenant.OrgId, first.OrgId);
        Assert.Contains("\"time_since_registration_s\":", first.PropertiesJson);
    }

    [Fact]
    public async Task Bad_input_gets_error_frames_with_codes_and_the_connection_stays_usable_with_nothing_partial_stored()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);

        async Task<string?> Code(string frame)
        {
            await EdgeIngestServer.SendAsync(device, frame);
            var reply = await EdgeIngestServer.ReceiveAsync(device);
            return reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString() : "ack";
        }

        Assert.Equal("malformed_json", await Code("{not json"));
        Assert.Equal("invalid_message", await Code("""{"message_id":"x","sensor":"temperature","readings":[{"value":"hot"}]}"""));
        Assert.Equal("invalid_message", await Code("""{"message_id":"x","sensor":"smell","readings":[{"value":1}]}"""));
        Assert.Equal("invalid_message", await Code("""{"message_id":"x","sensor":"temperature","readings":[{"value":1},{"value":null}]}"""));
        Assert.Equal("frame_too_large", await Code("{\"message_id\":\"big\",\"pad\":\"" + new string('x', 70_000) + "\"}"));
        Assert.Equal("ack", await Code(Frame));
        Assert.Equal("replayed_message", await Code(Frame.Replace("22.5", "99")));
        Assert.Equal("ack", await Code(Frame.Replace("m-1", "m-2")));

        var metrics = await server.Http.GetStringAsync("metrics");
        Assert.Contains("ingest_rejected_total{reason=\"malformed_json\"} 1", metrics);
        Assert.Contains("ingest_rejected_total{reason=\"invalid_message\"} 3", metrics);
        Assert.Contains("ingest_rejected_total{reason=\"frame_too_large\"} 1", metrics);
        Assert.Contains("ingest_failures_total 1", metrics);

        var store = server.App.Services.GetRequiredService<EdgeStore>();
        Assert.Equal(6, await store.CountAsync("sensor_readings", default));
        Assert.Equal(6, await store.CountAsync("ts_points", default));
    }

    [Fact]
    public async Task Unknown_and_revoked_devices_are_refused_and_counted_by_reason()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();

        using (var unknown = await server.ConnectAsync("ws/ingest?token=nope"))
        {
            var reply = await EdgeIngestServer.ReceiveAsync(unknown);
            Assert.Equal("unknown_device", reply.GetProperty("code").GetString());
        }

        using (var response = await server.Http.DeleteAsync("api/devices/" + tenant.DeviceUuid))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var revoked = await server.ConnectAsync("ws/ingest?token=" + tenant.Token))
        {
            var reply = await EdgeIngestServer.ReceiveAsync(revoked);
            Assert.Equal("revoked_device", reply.GetProperty("code").GetString());
        }

        var metrics = await server.Http.GetStringAsync("metrics");
        Assert.Contains("auth_failures_total{reason=\"unknown_device\"} 1", metrics);
        Assert.Contains("auth_failures_total{reason=\"revoked_device\"} 1", metrics);
    }

    [Fact]
    public async Task Dashboard_of_another_org_is_refused()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var a = await server.ProvisionAsync("a");
        var b = await server.ProvisionAsync("b");

        using var socket = await server.ConnectAsync($"ws/dashboard?dashboard_id={a.DashboardId}&org_id={b.OrgId}");
        var reply = await EdgeIngestServer.ReceiveAsync(socket);

        Assert.Equal("wrong_tenant", reply.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Metrics_expose_the_spec_names_and_labels_and_never_a_device_label()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);
        await EdgeIngestServer.SendAsync(device, Frame);
        await EdgeIngestServer.ReceiveAsync(device);

        using var response = await server.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Contains($"ingest_messages_total{{org=\"{tenant.OrgId}\",project=\"{tenant.ProjectId}\",sensor=\"temperature\"}} 3", text);
        Assert.Contains($"ingest_processing_latency_ms_count{{org=\"{tenant.OrgId}\"}} 1", text);
        Assert.Contains("ingest_batch_size_sum 3", text);
        Assert.Contains("sensor_insert_latency_ms_count 1", text);
        Assert.Contains("ts_write_batch_latency_ms_count 1", text);
        Assert.Contains("ws_connections_active{kind=\"device\"} 1", text);
        Assert.Contains("request_duration_ms_count{method=\"POST\",path=\"/api/orgs\",status=\"201\"} 1", text);
        Assert.DoesNotContain("device=", text);
        Assert.DoesNotContain("device_uuid=", text);
    }

    [Fact]
    public async Task Http_responses_carry_a_request_id_and_bad_json_gets_a_clear_error()
    {
        await using var server = await EdgeIngestServer.StartAsync();

        using var response = await server.Http.PostAsync("api/orgs", new StringContent("{bad", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("X-Request-ID", out var ids) && ids.Single().Length > 0);
        Assert.Contains("malformed_json", await response.Content.ReadAsStringAsync());
        Assert.Contains("request_duration_ms_count{method=\"POST\",path=\"/api/orgs\",status=\"400\"} 1", await server.Http.GetStringAsync("metrics"));
    }

    [Fact]
    public async Task Real_prometheus_scrapes_metrics_behind_basic_auth()
    {
        await using var server = await EdgeIngestServer.StartAsync(metricsAuth: "scraper:s3cret");
        var tenant = await server.ProvisionAsync();
        using var dashboard = await server.ConnectAsync($"ws/dashboard?dashboard_id={tenant.DashboardId}&org_id={tenant.OrgId}");
        await Task.Delay(200);
        using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);
        await EdgeIngestServer.SendAsync(device, Frame);
        await EdgeIngestServer.ReceiveAsync(device);

        using (var anonymous = await server.Http.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await server.PostAsync($"api/projects/{tenant.ProjectId}/flows", new { name = "hot", template = "threshold_alert", sensor = "temperature", nodes = new object[] { new { type = "alert" } } });
        await EdgeIngestServer.SendAsync(device, Frame.Replace("m-1", "m-2"));
        await EdgeIngestServer.ReceiveAsync(device);

        var hostPort = new Uri(server.BaseUrl).Authority;
        await using var prometheus = await PrometheusServer.StartAsync(hostPort, "/metrics", "scraper", "s3cret");
        var value = await prometheus.WaitForValueAsync("sum(ingest_messages_total{sensor=\"temperature\"})", TimeSpan.FromSeconds(30));
        var (health, error) = await prometheus.TargetAsync();

        Assert.True(value is not null, "no sample; target " + health + " " + error);
        Assert.Equal(6, value);
        var series = new[]
        {
            $"ingest_messages_total{{org=\"{tenant.OrgId}\",project=\"{tenant.ProjectId}\",sensor=\"temperature\"}}",
            "ingest_batch_size_count",
            $"ingest_processing_latency_ms_count{{org=\"{tenant.OrgId}\"}}",
            "broadcast_latency_ms_count",
            "ws_connections_active{kind=\"device\"}",
            "flow_exec_duration_ms_count{flow=\"threshold_alert\"}",
            "flow_exec_active",
            "node_exec_duration_ms_count{node_type=\"alert\"}",
            "sensor_insert_latency_ms_count",
            "ts_write_batch_latency_ms_count",
            "request_duration_ms_count{method=\"POST\",path=\"/api/orgs\",status=\"201\"}",
        };
        foreach (var query in series)
        {
            Assert.True(await prometheus.QueryAsync(query) is not null, "Prometheus has no series " + query);
        }

        Assert.Null(await prometheus.QueryAsync("count({device!=\"\"})"));
        Assert.Null(await prometheus.QueryAsync("count({device_uuid!=\"\"})"));
    }
}
