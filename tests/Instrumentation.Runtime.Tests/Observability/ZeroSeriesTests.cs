using System;
using System.Diagnostics.Metrics;
using System.Linq;
using Instrumentation.Observability;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using Instrumentation.Runtime.Tests.Operations;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>
/// Zero series with the real OpenTelemetry SDK and the project's Prometheus exposition: counters whose
/// labels are all enumerable are scraped at 0 before any call, so <c>increase()</c> sees the first failure.
/// </summary>
public sealed class ZeroSeriesTests
{
    [Fact]
    public void Failure_counters_are_exported_at_zero_before_any_call()
    {
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();

        var text = reader.Scrape();

        Assert.Contains("\nts_write_failures_total 0\n", "\n" + text);
        Assert.Contains("gateway_auth_failures_total{reason=\"device_revoked\"} 0\n", text);
        Assert.Contains("gateway_auth_failures_total{reason=\"invalid_token\"} 0\n", text);
        Assert.Contains("ts_write_calls_total 0\n", text);
        Assert.Contains("# TYPE ts_write_failures_total counter", text);

        // Not enumerable (org is any value), histograms, over the cap, the trigger instrument: nothing.
        Assert.DoesNotContain("ingest_messages_total", text);
        Assert.DoesNotContain("ingest_processing_latency_ms", text);
        Assert.DoesNotContain("gateway_route_failures_total", text);
        Assert.DoesNotContain(ZeroSeriesPublisher.TriggerName, text);
    }

    [Fact]
    public void A_provider_whose_only_collection_is_at_shutdown_exports_the_zero_series()
    {
        // Found with a short-lived worker: OTLP's first periodic export comes after 60 s, so its only export was the
        // final one at shutdown — after OpenTelemetry had disposed the publisher, whose trigger then never ran.
        var exporter = new NamesExporter();
        var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(new BaseExportingMetricReader(exporter)).Build();

        provider.Dispose();

        Assert.Contains("ts_write_failures_total", exporter.Names);
        Assert.Contains("gateway_auth_failures_total", exporter.Names);
    }

    private sealed class NamesExporter : BaseExporter<Metric>
    {
        public System.Collections.Generic.List<string> Names { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Names.Add(metric.Name);
            }

            return ExportResult.Success;
        }
    }

    [Fact]
    public void A_failure_counts_from_zero_and_other_reasons_still_appear()
    {
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        var before = reader.Scrape();

        Assert.Throws<GatewayException>(() => GatewayService.Authenticate("invalid_token"));
        Assert.Throws<GatewayException>(() => GatewayService.Authenticate("rate_limited"));
        var after = reader.Scrape();

        Assert.Contains("gateway_auth_failures_total{reason=\"invalid_token\"} 0\n", before);
        Assert.Contains("gateway_auth_failures_total{reason=\"invalid_token\"} 1\n", after);
        Assert.Contains("gateway_auth_failures_total{reason=\"device_revoked\"} 0\n", after);
        Assert.Contains("gateway_auth_failures_total{reason=\"rate_limited\"} 1\n", after);
    }

    [Fact]
    public void Every_provider_gets_its_zero_series_and_a_closed_label_gets_every_value()
    {
        using var firstReader = new PrometheusScrapeReader();
        using var first = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(firstReader).Build();
        _ = firstReader.Scrape();

        using var secondReader = new PrometheusScrapeReader();
        using var second = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(secondReader).Build();
        var text = secondReader.Scrape();

        Assert.Contains("\nts_write_failures_total 0\n", "\n" + text);
        foreach (var series in MetricCatalog.Current.Get("gateway_auth_failures_total").ZeroSeries)
        {
            Assert.Contains("gateway_auth_failures_total{reason=\"" + series[0].Value + "\"} 0\n", text);
        }
    }

    [Fact]
    public void An_assembly_that_registers_after_the_provider_is_built_is_published_at_the_next_collection()
    {
        using var meter = new Meter("Instrumentation.Generated.LateRegistration");
        var late = meter.CreateCounter<long>("late_failures_total", "{failure}", "Failures of a late assembly");
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        _ = reader.Scrape();

        MetricCatalog.Register(
            meter.Name,
            () => new[] { new MetricDescriptor(meter.Name, late.Name, MetricInstrumentKind.Counter, "{failure}", "Failures of a late assembly", MetricLabel.Closed("kind", "a", "b")) },
            name => name == late.Name ? late : null);
        var text = reader.Scrape();

        Assert.Contains("late_failures_total{kind=\"a\"} 0\n", text);
        Assert.Contains("late_failures_total{kind=\"b\"} 0\n", text);
        Assert.NotNull(MetricCatalog.Current.Find("late_failures_total"));
    }

    [Fact]
    public void Instruments_registered_as_a_list_are_found_by_their_names_and_read_only_when_first_needed()
    {
        using var meter = new Meter("Instrumentation.Generated.ListRegistration");
        var calls = meter.CreateCounter<long>("listed_calls_total");
        var duration = meter.CreateHistogram<double>("listed_duration_ms");
        var listed = 0;

        MetricCatalog.Register(
            meter.Name,
            () => new[]
            {
                new MetricDescriptor(meter.Name, calls.Name, MetricInstrumentKind.Counter, "{call}", "Calls"),
                new MetricDescriptor(meter.Name, duration.Name, MetricInstrumentKind.Histogram, "ms", "Duration"),
            },
            () =>
            {
                listed++;
                return new System.Diagnostics.Metrics.Instrument[] { calls, duration };
            });
        var registration = MetricCatalog.RegisteredSources().Single(r => r.MeterName == meter.Name);

        Assert.Equal(0, listed);
        Assert.Same(duration, registration.FindInstrument("listed_duration_ms"));
        Assert.Same(calls, registration.FindInstrument("listed_calls_total"));
        Assert.Null(registration.FindInstrument("listed_other_total"));
        Assert.Equal(1, listed);
    }

    [Fact]
    public void A_registration_that_throws_costs_only_its_own_zero_series()
    {
        MetricCatalog.Register(
            "Instrumentation.Generated.Broken",
            () => new[] { new MetricDescriptor("Instrumentation.Generated.Broken", "broken_total", MetricInstrumentKind.Counter, "{x}", "x") },
            _ => throw new InvalidOperationException("broken lookup"));
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();

        var text = reader.Scrape();

        Assert.Contains("\nts_write_failures_total 0\n", "\n" + text);
        Assert.DoesNotContain("broken_total", text);
    }

    [Fact]
    public void Without_a_provider_nothing_is_published_and_instruments_stay_disabled()
    {
        using (var reader = new PrometheusScrapeReader())
        using (Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build())
        {
            _ = reader.Scrape();
        }

        var registration = MetricCatalog.RegisteredSources().Single(r => r.MeterName == Infrastructure.TelemetryCapture.GeneratedName);
        Assert.All(
            registration.Metrics.Where(m => m.ZeroSeries.Count > 0),
            m => Assert.False(registration.FindInstrument(m.Name)!.Enabled, m.Name + " is still enabled"));

        // The generated operations are not live: a call allocates nothing (SPEC §4).
        var service = new IngestService();
        var tenant = new TenantContext("org", "proj");
        var readings = new[] { 1.0 };
        var allocated = Allocations.InFewestRound(
            () =>
            {
                service.Receive(tenant, readings, SensorKind.Temperature);
                return 0;
            },
            calls: 100,
            rounds: 3,
            warmup: 1);
        Assert.Equal(0, allocated);
    }
}
