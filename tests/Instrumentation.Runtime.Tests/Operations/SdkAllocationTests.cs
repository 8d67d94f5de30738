using System;
using System.Diagnostics;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// SPEC §2.2/§4 allocation facts with the real OpenTelemetry SDK (its ParentBased(TraceIdRatio) sampler,
/// metrics read by a real reader): a sampled span costs exactly what its <see cref="Activity"/> costs, and
/// an operation nested in an unsampled trace costs nothing.
/// </summary>
public sealed class SdkAllocationTests : IDisposable
{
    private const string HandSourceName = "test.alloc.hand";
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");
    private static readonly ActivitySource HandSource = new(HandSourceName);

    public void Dispose()
    {
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.ParentBasedSampling = false;
    }

    [Fact]
    public void Sampled_operation_allocates_only_what_an_equivalent_bare_activity_allocates()
    {
        using var reader = new PrometheusScrapeReader();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(HandSourceName).AddGeneratedInstrumentation(o => o.SamplingRatio = 1).AddProcessor(new DiscardingProcessor()).Build();
        using var metrics = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        var operations = new SampledOperations();

        var generated = Allocations.PerCall(() => operations.Process(Tenant, 3, SensorKind.Temperature));
        var bare = Allocations.PerCall(() =>
        {
            // What the generated span holds: the tenant tags and the span attribute (a cached boxed value).
            using var activity = HandSource.StartActivity("alloc.sampled", ActivityKind.Internal)!;
            activity.SetTag("org_id", Tenant.OrgId);
            activity.SetTag("project_id", Tenant.ProjectId);
            activity.SetTag("device_uuid", Tenant.DeviceUuid);
            activity.SetTag("attempt", OperationTags.Int64(3));
            return 4;
        });

        Assert.True(bare > 0, "the bare activity allocates");
        Assert.Equal(bare, generated);
        Assert.Contains("alloc_sampled_total{org=\"org-1\"} " + Allocations.DefaultTotalCalls, reader.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_span_attribute_outside_the_small_value_cache_is_boxed_once_per_recorded_span()
    {
        using var tracing = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 1).AddProcessor(new DiscardingProcessor()).Build();
        var operations = new SampledOperations();

        var cached = Allocations.PerCall(() => operations.Process(Tenant, 1_023, SensorKind.Temperature));
        var outside = Allocations.PerCall(() => operations.Process(Tenant, 1_024, SensorKind.Temperature));

        // Activity.SetTag takes object: a long outside -128..1023 costs one 24-byte box per recorded span.
        Assert.Equal(24, outside - cached);
    }

    [Fact]
    public void Nested_in_a_trace_the_sdk_did_not_sample_allocates_zero_bytes_even_for_uncached_values()
    {
        using var reader = new PrometheusScrapeReader();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(HandSourceName).AddGeneratedInstrumentation(o => o.SamplingRatio = 0).AddProcessor(new DiscardingProcessor()).Build();
        using var metrics = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        using var parent = HandSource.StartActivity("unsampled.parent");
        Assert.NotNull(parent);
        Assert.False(parent!.Recorded);
        var operations = new SampledOperations();

        var allocated = Allocations.InFewestRound(() => operations.Process(Tenant, 5_000, SensorKind.Humidity));

        Assert.Equal(0, allocated);
        Assert.Same(parent, Activity.Current);
        Assert.Contains("alloc_sampled_total{org=\"org-1\"} " + Allocations.DefaultTotalCalls, reader.Scrape(), StringComparison.Ordinal);
    }

    /// <summary>Ends spans without keeping them, so the processor adds no allocation of its own.</summary>
    private sealed class DiscardingProcessor : BaseProcessor<Activity>
    {
    }
}
