using System;
using System.Diagnostics;
using Instrumentation.Operations;
using Instrumentation.Runtime.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// The allocation facts of SPEC §4, asserted with allocation counters (never timings): a synchronous
/// annotated call allocates nothing when nobody listens, and nothing when metrics are listened but
/// the span is not recorded.
/// </summary>
public sealed class OperationAllocationTests
{
    private const int Calls = 1_000;
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");
    private static readonly double[] Readings = { 1, 2, 3 };

    [Fact]
    public void No_listeners_allocates_zero_bytes()
    {
        var service = new IngestService();

        var allocated = Measure(service);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Metrics_listened_and_unsampled_root_skipped_allocates_zero_bytes()
    {
        using var capture = new TelemetryCapture(spans: true, metrics: true, sampling: ActivitySamplingResult.PropagationData, allocateCaptures: false);
        var service = new IngestService();
        OperationSettings.SkipUnsampledRoots = true;
        OperationSettings.RootSamplingRatio = 0;
        try
        {
            var allocated = Measure(service);

            Assert.Equal(0, allocated);
            Assert.True(capture.MeasurementCount >= Calls * 4, "the metrics were recorded: " + capture.MeasurementCount);
            Assert.Empty(capture.Stopped);
        }
        finally
        {
            OperationSettings.SkipUnsampledRoots = false;
            OperationSettings.RootSamplingRatio = 1;
        }
    }

    [Fact]
    public void Unsampled_root_without_the_opt_in_keeps_a_propagation_only_activity_for_children()
    {
        using var capture = new TelemetryCapture(spans: true, metrics: true, sampling: ActivitySamplingResult.PropagationData);
        var service = new IngestService();

        service.Receive(Tenant, Readings, SensorKind.Temperature);

        var root = Assert.Single(capture.Stopped);
        Assert.False(root.Recorded);
        Assert.Null(root.GetTagItem("org_id"));
    }

    [Fact]
    public void Metrics_listened_inside_an_unsampled_parent_allocates_zero_bytes()
    {
        using var capture = new TelemetryCapture(spans: true, metrics: true, sampling: ActivitySamplingResult.None, allocateCaptures: false);
        using var parentSource = new ActivitySource("test.unsampled.parent");
        using var parentListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.unsampled.parent",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(parentListener);
        using var parent = parentSource.StartActivity("unsampled.root");
        Assert.NotNull(parent);
        Assert.False(parent!.Recorded);
        var service = new IngestService();

        var allocated = Measure(service);

        Assert.Equal(0, allocated);
        Assert.Same(parent, Activity.Current);
    }

    private static long Measure(IngestService service) =>
        Allocations.InFewestRound(() =>
        {
            service.Receive(Tenant, Readings, SensorKind.Temperature);
            IngestService.Insert("org", "proj", "dev");
            return 0;
        });
}
