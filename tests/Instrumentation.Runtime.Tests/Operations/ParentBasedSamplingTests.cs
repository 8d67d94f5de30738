using System;
using System.Diagnostics;
using System.Threading;
using Instrumentation.Operations;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// <see cref="OperationSettings.ParentBasedSampling"/>: under a parent-based sampler a child of an
/// unrecorded span is never sampled, so generated code skips the sampling pass (SPEC §4 nested case);
/// a recorded parent still gets its child, and a failure is still kept after the fact.
/// </summary>
public sealed class ParentBasedSamplingTests : IDisposable
{
    private const string GeneratedSource = Infrastructure.TelemetryCapture.GeneratedName;
    private const string ParentSourceName = "test.parent_based.parent";
    private static readonly TenantContext Tenant = new("org-7", "proj-7");
    private readonly ActivitySource _parentSource = new(ParentSourceName);
    private readonly ActivityListener _listener;
    private int _childSamplingCalls;
    private int _childrenStopped;

    public ParentBasedSamplingTests()
    {
        // A parent-based sampler written out: parents by their own decision, children follow the parent.
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is GeneratedSource or ParentSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (options.Source.Name == ParentSourceName)
                {
                    return options.Name == "recorded" ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
                }

                Interlocked.Increment(ref _childSamplingCalls);
                if (OperationSampling.IsRecordForced)
                {
                    return ActivitySamplingResult.AllDataAndRecorded;
                }

                return (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
            },
            ActivityStopped = a =>
            {
                if (a.Source.Name == GeneratedSource)
                {
                    Interlocked.Increment(ref _childrenStopped);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        OperationSettings.ParentBasedSampling = false;
        _listener.Dispose();
        _parentSource.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Child_of_an_unrecorded_parent_is_offered_to_the_sampler_only_without_the_setting(bool parentBased)
    {
        OperationSettings.ParentBasedSampling = parentBased;
        using var parent = _parentSource.StartActivity("unrecorded");
        Assert.False(parent!.Recorded);

        IngestService.Insert("o", "p", "d");

        Assert.Equal(parentBased ? 0 : 1, _childSamplingCalls);
        Assert.Equal(0, _childrenStopped);
        Assert.Same(parent, Activity.Current);
    }

    [Fact]
    public void Child_of_a_recorded_parent_is_still_started()
    {
        OperationSettings.ParentBasedSampling = true;
        using var parent = _parentSource.StartActivity("recorded");
        Assert.True(parent!.Recorded);

        IngestService.Insert("o", "p", "d");

        Assert.Equal(1, _childSamplingCalls);
        Assert.Equal(1, _childrenStopped);
    }

    [Fact]
    public void Failure_under_an_unrecorded_parent_is_still_recorded_after_the_fact()
    {
        OperationSettings.ParentBasedSampling = true;
        using var parent = _parentSource.StartActivity("unrecorded");

        Assert.Throws<InvalidOperationException>(() => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Humidity));

        Assert.Equal(1, _childrenStopped);
        Assert.Same(parent, Activity.Current);
    }
}
