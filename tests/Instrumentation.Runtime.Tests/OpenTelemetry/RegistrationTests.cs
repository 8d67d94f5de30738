using System;
using System.Diagnostics;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Instrumentation.Prometheus;
using Instrumentation.Runtime.Tests.Operations;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// The one-call registration with the real OpenTelemetry SDK. Its allocation check measured 144 B per call in one CI
/// run: an earlier web-host test (in xUnit's random order) had left its disposed logger factory connected, so every
/// operation pushed a correlation frame. Hosts now release it when disposed (<see cref="HostLoggingLifetimeTests"/>)
/// and every test method of this assembly is checked to leave the process-wide state as it found it
/// (<c>Infrastructure/StateCheckingTestFramework.cs</c>).
/// </summary>
public sealed class RegistrationTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-1", "proj-1", "dev-1");

    public void Dispose()
    {
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.ParentBasedSampling = false;
        OperationSettings.SlowThreshold = TimeSpan.FromSeconds(2);
    }

    [Fact]
    public void Generated_sources_and_meters_are_registered_in_one_call_each()
    {
        var processor = new CollectingProcessor();
        using var reader = new PrometheusScrapeReader();
        using (var tracer = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 1).AddProcessor(processor).Build())
        using (var meter = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build())
        {
            new IngestService().Receive(Tenant, new[] { 1.0, 2.0, 3.0 }, SensorKind.AirQuality);

            var text = reader.Scrape();
            Assert.Contains("# TYPE ingest_messages_total counter", text);
            Assert.Contains("ingest_messages_total{org=\"org-1\",project=\"proj-1\",sensor=\"air_quality\"} 3", text);
            Assert.Contains("# TYPE ingest_processing_latency_ms histogram", text);
            Assert.Contains("ingest_processing_latency_ms_bucket{org=\"org-1\",le=\"+Inf\"} 1", text);
            Assert.Contains("ingest_processing_latency_ms_count{org=\"org-1\"} 1", text);
            Assert.Contains("ingest_batch_size_sum 3", text);
        }

        var span = Assert.Single(processor.Exported, a => a.OperationName == "ws.ingest.receive");
        Assert.Equal("org-1", span.GetTagItem("org_id"));
        Assert.Contains(InstrumentationRegistry.SourceNames, n => n == "Instrumentation.Generated.Instrumentation.Runtime.Tests");
    }

    [Fact]
    public void Ratio_zero_drops_ordinary_traces_but_keeps_failures()
    {
        var processor = new CollectingProcessor();
        using (Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 0).AddProcessor(processor).Build())
        {
            var service = new IngestService();
            service.Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature);
            Assert.Throws<InvalidOperationException>(() => service.Receive(Tenant, Array.Empty<double>(), SensorKind.Temperature));
        }

        var kept = Assert.Single(processor.Exported);
        Assert.Equal(ActivityStatusCode.Error, kept.Status);
        Assert.Equal("error", kept.GetTagItem(OperationTracing.KeptBecauseTag));
    }

    [Fact]
    public void Skipping_unsampled_roots_with_the_sdk_allocates_nothing_per_call_and_samples_by_ratio()
    {
        var processor = new CollectingProcessor();
        using var reader = new PrometheusScrapeReader();
        using (Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => { o.SamplingRatio = 0; o.SkipUnsampledRoots = true; }).AddProcessor(processor).Build())
        using (Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build())
        {
            var service = new IngestService();
            var readings = new[] { 1.0 };
            var allocated = Allocations.InFewestRound(() => service.Receive(Tenant, readings, SensorKind.Temperature));

            Assert.Equal(0, allocated);
            var text = reader.Scrape();
            Assert.True(text.Contains("ingest_calls_total " + Allocations.DefaultTotalCalls, StringComparison.Ordinal), text);
        }

        Assert.Empty(processor.Exported);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void By_default_a_nested_operation_in_an_unsampled_trace_is_not_offered_to_any_sampler(bool parentBased, int expectedOffers)
    {
        const string parentSource = "Instrumentation.Runtime.Tests.UnsampledParent";
        var processor = new CollectingProcessor();
        using var parents = new ActivitySource(parentSource);
        var offers = 0;
        using var otherListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith(InstrumentationProviderBuilderExtensions.GeneratedNamePrefix, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (options.Name == "ws.ingest.receive")
                {
                    System.Threading.Interlocked.Increment(ref offers);
                }

                return ActivitySamplingResult.None;
            },
        };
        using (Sdk.CreateTracerProviderBuilder()
            .AddSource(parentSource)
            .AddGeneratedInstrumentation(o => { o.SamplingRatio = 0; if (!parentBased) { o.ParentBasedSampling = false; } })
            .AddProcessor(processor)
            .Build())
        {
            Assert.Equal(parentBased, OperationSettings.ParentBasedSampling);
            ActivitySource.AddActivityListener(otherListener);
            using (var parent = parents.StartActivity("unsampled.parent"))
            {
                Assert.NotNull(parent);
                Assert.False(parent.Recorded);
                new IngestService().Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature);
            }
        }

        Assert.Equal(expectedOffers, offers);
        Assert.Empty(processor.Exported);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 2));
        Assert.Contains("SamplingRatio must be between 0 and 1", error.Message);
    }
}
