using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

public sealed class OperationSpanAndMetricTests
{
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");

    [Fact]
    public void Ingest_call_records_span_with_tenant_and_metrics_with_labels()
    {
        using var capture = TelemetryCapture.Start();
        var service = new IngestService();

        var count = service.Receive(Tenant, new[] { 1.0, 2.0, 3.0 }, SensorKind.AirQuality, attempt: 2);

        Assert.Equal(3, count);
        Assert.Equal(1, service.Calls);
        var span = capture.Span("ws.ingest.receive");
        Assert.Equal("org-1", span.Tag("org_id"));
        Assert.Equal("proj-1", span.Tag("project_id"));
        Assert.Equal("dev-1", span.Tag("device_uuid"));
        Assert.Equal(2L, span.Tag("attempt"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var messages = Assert.Single(capture.Metric("ingest_messages_total").Measurements);
        Assert.Equal(3, messages.Value);
        Assert.Equal("org-1", messages.Tags["org"]);
        Assert.Equal("proj-1", messages.Tags["project"]);
        Assert.Equal("air_quality", messages.Tags["sensor"]);

        var latency = Assert.Single(capture.Metric("ingest_processing_latency_ms").Measurements);
        Assert.True(latency.Value >= 0);
        Assert.Equal(new[] { "org" }, latency.Tags.Keys.ToArray());
        Assert.Equal(3, Assert.Single(capture.Metric("ingest_batch_size").Measurements).Value);
        Assert.Equal(1, Assert.Single(capture.Metric("ingest_calls_total").Measurements).Value);
        Assert.Empty(capture.Metric("ingest_failures_total").Measurements);
    }

    [Fact]
    public void Failure_sets_error_status_and_counts_a_failure_and_rethrows_the_original_exception()
    {
        using var capture = TelemetryCapture.Start();
        var service = new IngestService();

        var thrown = Assert.Throws<InvalidOperationException>(() => service.Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity));

        Assert.Equal("empty batch", thrown.Message);
        var span = capture.Span("ws.ingest.receive");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.Tag("exception.type"));
        Assert.Equal("empty batch", span.Tag("exception.message"));
        Assert.Equal(1, Assert.Single(capture.Metric("ingest_failures_total").Measurements).Value);
        Assert.Empty(capture.Metric("ingest_messages_total").Measurements);
        Assert.Empty(capture.Metric("ingest_batch_size").Measurements); // a failed call processed no batch
    }

    [Fact]
    public void Nested_operation_is_a_child_of_the_current_span()
    {
        using var capture = TelemetryCapture.Start();
        using var parentSource = new ActivitySource("test.parent");
        using var parentListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.parent",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(parentListener);

        using (var parent = parentSource.StartActivity("request"))
        {
            IngestService.Insert("org-2", "proj-2", "dev-2");
            var span = capture.Span("db.sensor.insert");
            Assert.Equal(parent!.SpanId, span.ParentSpanId);
            Assert.Equal(parent.TraceId, span.TraceId);
            Assert.Same(parent, Activity.Current);
        }

        var insert = capture.Span("db.sensor.insert");
        Assert.Equal("org-2", insert.Tag("org_id"));
        Assert.Equal("dev-2", insert.Tag("device_uuid"));
        Assert.Single(capture.Metric("sensor_insert_latency_ms").Measurements);
        Assert.Single(capture.Metric("db_sensor_insert_calls_total").Measurements);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Task_of_T_completes_sync_or_async_and_is_measured_once(bool completeSynchronously)
    {
        using var capture = TelemetryCapture.Start();
        var service = new IngestService();
        Assert.Null(Activity.Current);

        var task = service.WriteAsync(Tenant, 7, completeSynchronously);
        Assert.Null(Activity.Current);
        Assert.Equal(7, await task);

        var span = capture.Span("ts.write");
        Assert.Equal("org-1", span.Tag("org_id"));
        Assert.Single(capture.Metric("ts_write_duration_ms").Measurements);
        Assert.Single(capture.Metric("ts_write_calls_total").Measurements);
        if (!completeSynchronously)
        {
            Assert.True(span.Activity.Duration >= TimeSpan.FromMilliseconds(4));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ValueTask_of_T_completes_sync_or_async(bool completeSynchronously)
    {
        using var capture = TelemetryCapture.Start();
        var service = new IngestService();

        Assert.Equal(5, await service.FlushAsync(5, completeSynchronously));

        Assert.Single(capture.SpansNamed("ts.flush"));
        Assert.Single(capture.Metric("ts_flush_calls_total").Measurements);
    }
}
