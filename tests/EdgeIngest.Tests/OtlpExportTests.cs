using System;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.TestServers.Otlp;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>The official OTLP exporter, configured by OTEL_* variables, delivers spans, metrics and funnel events as log records.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_metrics_and_funnel_event_log_records_reach_an_otlp_receiver()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", "Development");
        Tenant tenant;
        try
        {
            await using var server = await EdgeIngestServer.StartAsync();
            tenant = await server.ProvisionAsync();
            using var dashboard = await server.ConnectAsync($"ws/dashboard?dashboard_id={tenant.DashboardId}&org_id={tenant.OrgId}");
            using var device = await server.ConnectAsync("ws/ingest?token=" + tenant.Token);
            await Task.Delay(200);
            await EdgeIngestServer.SendAsync(device, """{"message_id":"otlp-1","sensor":"temperature","readings":[{"value":20}]}""");
            await EdgeIngestServer.ReceiveAsync(device);
            await EdgeIngestServer.ReceiveAsync(dashboard);
            Assert.True(await EdgeIngest.Hosting.EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", null);
        }

        var spans = receiver.Spans.ToList();
        var ingest = Assert.Single(spans, s => s.Name == "ws.ingest.receive");
        Assert.Equal(tenant.OrgId, ingest.Attributes["org_id"]);
        Assert.Equal(tenant.DeviceUuid, ingest.Attributes["device_uuid"]);
        foreach (var child in new[] { "db.sensor.insert", "ts.write", "ws.broadcast.widget" })
        {
            var span = Assert.Single(spans, s => s.Name == child);
            Assert.Equal(ingest.SpanId, span.ParentSpanId);
            Assert.Equal(ingest.TraceId, span.TraceId);
            Assert.Equal(tenant.ProjectId, span.Attributes["project_id"]);
        }

        Assert.Contains("ingest_messages_total", receiver.MetricNames);
        Assert.Contains("ingest_processing_latency_ms", receiver.MetricNames);
        var events = receiver.Logs.Where(l => l.EventName is not null).Select(l => l.EventName).ToList();
        foreach (var name in new[] { "OrgCreated", "DeviceRegistered", "FirstDeviceData", "FirstLiveWidgetData" })
        {
            Assert.Contains(name, events);
        }
    }
}
