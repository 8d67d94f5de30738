using System;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Operations;
using Instrumentation.Runtime.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>Errors and slow operations are kept even when the trace is not sampled (SPEC §2.7).</summary>
public sealed class OperationSamplingTests
{
    private static readonly TenantContext Tenant = new("org-9", "proj-9");

    [Fact]
    public void Failed_operation_in_an_unsampled_root_is_promoted_to_a_recorded_span()
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.PropagationData);

        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity));

        var span = Assert.Single(capture.Stopped);
        Assert.True(span.Recorded);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("error", span.GetTagItem(OperationTracing.KeptBecauseTag));
        Assert.Equal("org-9", span.GetTagItem("org_id"));
    }

    [Fact]
    public void Failed_operation_with_no_span_at_all_is_recorded_after_the_fact_under_its_parent()
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.None);
        using var unsampled = new UnsampledParent("test.unsampled.parent2");
        var parent = unsampled.Activity;

        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity));

        var span = Assert.Single(capture.Stopped);
        Assert.True(span.Recorded);
        Assert.Equal(parent.TraceId, span.TraceId);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Same(parent, Activity.Current);
    }

    [Fact]
    public void A_kept_failure_has_its_span_attributes_whether_promoted_or_recorded_after_the_fact()
    {
        // At the default 10 % a failed call is kept through one of these two paths, and its span had the tenant alone:
        // the [SpanAttribute] values (a message_id) were set only on spans recorded from the start (a worker trial).
        using (var capture = new TelemetryCapture(sampling: ActivitySamplingResult.PropagationData))
        {
            Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity, attempt: 7));

            var promoted = Assert.Single(capture.Stopped);
            Assert.Equal("error", promoted.GetTagItem(OperationTracing.KeptBecauseTag));
            Assert.Equal(7L, Convert.ToInt64(promoted.GetTagItem("attempt"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ActivityStatusCode.Error, promoted.Status);
        }

        using (var capture = new TelemetryCapture(sampling: ActivitySamplingResult.None))
        {
            using var unsampled = new UnsampledParent("test.unsampled.parent3");
            var parent = unsampled.Activity;

            Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity, attempt: 8));

            var created = Assert.Single(capture.Stopped);
            Assert.True(created.Recorded);
            Assert.Equal(parent.SpanId, created.ParentSpanId);
            Assert.Equal("error", created.GetTagItem(OperationTracing.KeptBecauseTag));
            Assert.Equal(8L, Convert.ToInt64(created.GetTagItem("attempt"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("org-9", created.GetTagItem("org_id"));
            Assert.Equal(ActivityStatusCode.Error, created.Status);
            Assert.Same(parent, Activity.Current);
        }
    }

    [Fact]
    public void Slow_operation_in_an_unsampled_trace_is_kept()
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.PropagationData);
        var previous = OperationSettings.SlowThreshold;
        OperationSettings.SlowThreshold = TimeSpan.FromTicks(1);
        try
        {
            IngestService.Insert("o", "p", "d");
        }
        finally
        {
            OperationSettings.SlowThreshold = previous;
        }

        var span = Assert.Single(capture.Stopped);
        Assert.True(span.Recorded);
        Assert.Equal("slow", span.GetTagItem(OperationTracing.KeptBecauseTag));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void Ordinary_fast_operation_in_an_unsampled_trace_is_not_recorded()
    {
        using var capture = new TelemetryCapture(sampling: ActivitySamplingResult.PropagationData);

        IngestService.Insert("o", "p", "d");

        Assert.All(capture.Stopped, span => Assert.False(span.Recorded));
    }
}
