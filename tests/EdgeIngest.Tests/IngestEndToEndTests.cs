using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
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
        using var dashboard = await server.ConnectDashboardAsync(tenant);
        using var device = await server.ConnectDeviceAsync(tenant.Token);

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
        Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
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
    public async Task Metrics_expose_the_spec_names_and_labels_and_never_a_device_label()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, Frame);
        await EdgeIngestServer.ReceiveAsync(device);

        using var response = await server.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        // ingest_messages_total counts sensor readings stored (3 in this one frame), ingest_calls_total the frames.
        Assert.Contains($"ingest_messages_total{{org=\"{tenant.OrgId}\",project=\"{tenant.ProjectId}\",sensor=\"temperature\"}} 3", text);
        Assert.Contains("ingest_calls_total 1", text);
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
    public async Task A_refusal_the_framework_makes_before_an_endpoint_runs_still_gets_a_json_body()
    {
        // A newcomer's trial: POST /api/orgs with Content-Type text/plain answered 415 with an empty body, against the
        // documented "REST errors are always JSON ... never an empty body".
        await using var server = await EdgeIngestServer.StartAsync();

        using var response = await server.Http.PostAsync("api/orgs", new StringContent("{\"name\":\"acme\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unsupported_media_type", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), body.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task The_open_readiness_probe_names_the_kind_of_store_not_its_path()
    {
        // A newcomer's trial: /ready, which needs no credentials, answered "SQLite /tmp/…/edgeingest.db".
        await using var server = await EdgeIngestServer.StartAsync();

        var body = await server.Http.GetStringAsync("ready");

        Assert.Equal("{\"status\":\"ready\",\"store\":\"SQLite\"}", body);
    }

    [Fact]
    public async Task Real_prometheus_scrapes_metrics_behind_basic_auth_including_failure_counters_and_gauges()
    {
        await using var server = await EdgeIngestServer.StartAsync(metricsAuth: "scraper:s3cret");
        var tenant = await server.ProvisionAsync();
        using var dashboard = await server.ConnectDashboardAsync(tenant);
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, Frame);
        await EdgeIngestServer.ReceiveAsync(device);

        using (var anonymous = await server.Http.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // A flow that alerts, and one that fails on a value it cannot transform (flow_failures_total{flow,reason}).
        await server.PostAsync($"api/projects/{tenant.ProjectId}/flows", new { name = "hot", template = "threshold_alert", sensor = "temperature", nodes = new object[] { new { type = "alert" } } }, tenant.ApiKey);
        await server.PostAsync($"api/projects/{tenant.ProjectId}/flows", new { name = "overflow", sensor = "temperature", nodes = new object[] { new { type = "transform", scale = 1e308 } } }, tenant.ApiKey);
        await EdgeIngestServer.SendAsync(device, Frame.Replace("m-1", "m-2").Replace("22.5", "1e10"));
        Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());

        // The store goes away for one frame: its directory moves, so no connection opens (ts_write_failures_total,
        // the first step of a batch, and ingest_failures_total{reason="store_unavailable"}).
        var directory = Path.GetDirectoryName(server.DbPath)!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(directory, directory + "-away");
        await EdgeIngestServer.SendAsync(device, Frame.Replace("m-1", "m-3"));
        var refused = await EdgeIngestServer.ReceiveAsync(device);
        Directory.Move(directory + "-away", directory);
        Assert.Equal("store_unavailable", refused.GetProperty("code").GetString());

        // An unknown token (auth_failures_total{reason}).
        using (var stranger = await server.ConnectDeviceAsync("not-a-token"))
        {
            Assert.Equal("unknown_device", (await EdgeIngestServer.ReceiveAsync(stranger)).GetProperty("code").GetString());
        }

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
            "ingest_failures_total{reason=\"store_unavailable\"}",
            "broadcast_latency_ms_count",
            "broadcast_queue_size",
            "ws_connections_active{kind=\"device\"}",
            "ws_connections_active{kind=\"dashboard\"}",
            "flow_exec_duration_ms_count{flow=\"threshold_alert\"}",
            "flow_exec_active",
            "flow_failures_total{flow=\"custom\",reason=\"non_finite_value\"}",
            "node_exec_duration_ms_count{node_type=\"alert\"}",
            "sensor_insert_latency_ms_count",
            "ts_write_batch_latency_ms_count",
            "ts_write_failures_total",
            "auth_failures_total{reason=\"unknown_device\"}",
            "request_duration_ms_count{method=\"POST\",path=\"/api/orgs\",status=\"201\"}",
        };
        foreach (var query in series)
        {
            Assert.True(await prometheus.QueryAsync(query) is not null, "Prometheus has no series " + query);
        }

        Assert.Equal(1, await prometheus.QueryAsync("ws_connections_active{kind=\"dashboard\"}"));
        Assert.Equal(1, await prometheus.QueryAsync("ts_write_failures_total"));
        Assert.Null(await prometheus.QueryAsync("count(flow_exec_active{flow!=\"\"})"));
        Assert.Null(await prometheus.QueryAsync("count({device!=\"\"})"));
        Assert.Null(await prometheus.QueryAsync("count({device_uuid!=\"\"})"));
    }
}
