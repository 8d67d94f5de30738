using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Runtime.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

public sealed class OperationSpanAndMetricTests
{
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");

    [Fact]
    public void Ingest_call_records_span_with_tenant_and_metrics_with_labels()
    {
        using var capture = new TelemetryCapture();
        var service = new IngestService();

        var count = service.Receive(Tenant, new[] { 1.0, 2.0, 3.0 }, SensorKind.AirQuality, attempt: 2);

        Assert.Equal(3, count);
        Assert.Equal(1, service.Calls);
        var span = capture.Span("ws.ingest.receive");
        Assert.Equal("org-1", span.GetTagItem("org_id"));
        Assert.Equal("proj-1", span.GetTagItem("project_id"));
        Assert.Equal("dev-1", span.GetTagItem("device_uuid"));
        Assert.Equal(2L, span.GetTagItem("attempt"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var messages = Assert.Single(capture.Of("ingest_messages_total"));
        Assert.Equal(3, messages.Value);
        Assert.Equal("org-1", messages.Tags["org"]);
        Assert.Equal("proj-1", messages.Tags["project"]);
        Assert.Equal("air_quality", messages.Tags["sensor"]);

        var latency = Assert.Single(capture.Of("ingest_processing_latency_ms"));
        Assert.True(latency.Value >= 0);
        Assert.Equal(new[] { "org" }, latency.Tags.Keys.ToArray());
        Assert.Equal(3, Assert.Single(capture.Of("ingest_batch_size")).Value);
        Assert.Equal(1, Assert.Single(capture.Of("ingest_calls_total")).Value);
        Assert.Empty(capture.Of("ingest_failures_total"));
    }

    [Fact]
    public void Failure_sets_error_status_and_counts_a_failure_and_rethrows_the_original_exception()
    {
        using var capture = new TelemetryCapture();
        var service = new IngestService();

        var thrown = Assert.Throws<InvalidOperationException>(() => service.Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity));

        Assert.Equal("empty batch", thrown.Message);
        var span = capture.Span("ws.ingest.receive");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("exception.type"));
        Assert.Equal("empty batch", span.GetTagItem("exception.message"));
        Assert.Equal(1, Assert.Single(capture.Of("ingest_failures_total")).Value);
        Assert.Empty(capture.Of("ingest_messages_total"));
        Assert.Empty(capture.Of("ingest_batch_size")); // a failed call processed no batch
    }

    [Fact]
    public void Nested_operation_is_a_child_of_the_current_span()
    {
        using var capture = new TelemetryCapture();
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
        Assert.Equal("org-2", insert.GetTagItem("org_id"));
        Assert.Equal("dev-2", insert.GetTagItem("device_uuid"));
        Assert.Single(capture.Of("sensor_insert_latency_ms"));
        Assert.Single(capture.Of("db_sensor_insert_calls_total"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Task_of_T_completes_sync_or_async_and_is_measured_once(bool completeSynchronously)
    {
        using var capture = new TelemetryCapture();
        var service = new IngestService();
        Assert.Null(Activity.Current);

        var task = service.WriteAsync(Tenant, 7, completeSynchronously);
        Assert.Null(Activity.Current);
        Assert.Equal(7, await task);

        var span = capture.Span("ts.write");
        Assert.Equal("org-1", span.GetTagItem("org_id"));
        Assert.Single(capture.Of("ts_write_duration_ms"));
        Assert.Single(capture.Of("ts_write_calls_total"));
        if (!completeSynchronously)
        {
            Assert.True(span.Duration >= TimeSpan.FromMilliseconds(4));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ValueTask_of_T_completes_sync_or_async(bool completeSynchronously)
    {
        using var capture = new TelemetryCapture();
        var service = new IngestService();

        Assert.Equal(5, await service.FlushAsync(5, completeSynchronously));

        Assert.Single(capture.Stopped, a => a.OperationName == "ts.flush");
        Assert.Single(capture.Of("ts_flush_calls_total"));
    }
}
