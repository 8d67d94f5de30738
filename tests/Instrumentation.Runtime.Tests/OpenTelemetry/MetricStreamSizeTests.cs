using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Observability;
using Instrumentation.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// The OpenTelemetry SDK allocates 2,000 series per metric stream up front (about 180 KB), and an operation has three
/// or four instruments: a worker with 100 operations held 54 MB more heap with the SDK registered, before any call.
/// The registration sizes each generated instrument's stream to the series its labels can make.
/// </summary>
public sealed class MetricStreamSizeTests
{
    private const string Meter = InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "Tests";

    public static TheoryData<MetricDescriptor, int?> Limits => new()
    {
        { new MetricDescriptor(Meter, "a_calls_total", MetricInstrumentKind.Counter, "{call}", "d"), 1 },
        { new MetricDescriptor(Meter, "a_duration_ms", MetricInstrumentKind.Histogram, "ms", "d", MetricLabel.Closed("fast", "false", "true")), 3 },
        { new MetricDescriptor(Meter, "a_total", MetricInstrumentKind.Counter, "{x}", "d", MetricLabel.Closed("fast", "false", "true"), MetricLabel.Closed("sensor", "a", "b", "other")), 12 },
        { new MetricDescriptor(Meter, "a_failures_total", MetricInstrumentKind.Counter, "{failure}", "d", MetricLabel.Expected("reason", "timeout", "denied")), 2 + MetricStreamSizes.OpenReasonSeries + 1 },
        { new MetricDescriptor(Meter, "b_failures_total", MetricInstrumentKind.Counter, "{failure}", "d", MetricLabel.Closed("fast", "false", "true"), MetricLabel.Expected("reason")), 3 * (MetricStreamSizes.OpenReasonSeries + 1) },
        { new MetricDescriptor(Meter, "a_messages_total", MetricInstrumentKind.Counter, "{x}", "d", MetricLabel.Unknown("org")), null },
        { new MetricDescriptor(Meter, "c_failures_total", MetricInstrumentKind.Counter, "{failure}", "d", MetricLabel.Expected("failure_kind", "a")), 1 + MetricStreamSizes.OpenReasonSeries + 1 },
        { new MetricDescriptor(Meter, "g_failures_total", MetricInstrumentKind.Counter, "{failure}", "d", MetricLabel.Closed("a", Values(4)), MetricLabel.Expected("reason")), null },
        { new MetricDescriptor(Meter, "d_total", MetricInstrumentKind.Counter, "{x}", "d", MetricLabel.Closed("empty")), null },
        { new MetricDescriptor(Meter, "e_total", MetricInstrumentKind.Counter, "{x}", "d", MetricLabel.Closed("a", Values(40)), MetricLabel.Closed("b", Values(48))), null },
        { new MetricDescriptor(Meter, "f_total", MetricInstrumentKind.Counter, "{x}", "d", MetricLabel.Closed("a", Values(40)), MetricLabel.Closed("b", Values(47))), 41 * 48 },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void A_stream_holds_every_combination_of_known_label_values_or_keeps_the_default(MetricDescriptor metric, int? limit)
    {
        // Each label counted with its values and once absent; labels whose values cannot be known, or a product at
        // the SDK's default (2,000), keep the default.
        Assert.Equal(limit, MetricStreamSizes.Limit(metric));
    }

    [Fact]
    public void Building_a_provider_allocates_a_small_share_of_what_default_streams_take()
    {
        // Every generated instrument of this assembly exists before the providers start, so each Build() publishes all
        // of them on this thread and allocates their streams here.
        var generated = CreateGeneratedInstruments();
        Assert.True(generated > 50, $"the test assembly should have many generated instruments, found {generated}");

        var unsized = BuildAndMeasure(o => o.SizeMetricStreams = false);
        var sized = BuildAndMeasure(_ => { });

        // The default: ~180 KB per stream. Sized: the streams of labels with unknown values (tenant ids) keep it, the rest
        // shrink to a few series.
        Assert.True(unsized > generated * 100_000L, $"default streams: {unsized:N0} B for {generated} instruments");
        Assert.True(sized * 3 < unsized, $"sized streams: {sized:N0} B, default: {unsized:N0} B for {generated} instruments");
    }

    [Fact]
    public void A_plain_operation_created_after_the_provider_started_gets_one_series_per_instrument()
    {
        // An assembly loaded after start (a library's first call) creates all its plain operations at once; its catalog is
        // not described yet, so the operation notes its instruments before creating them (MetricStreamHints).
        var meter = InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "LateLoaded" + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(new BaseExportingMetricReader(new NamesExporter(new List<string>()))).Build();
        Assert.Null(MetricCatalog.FindDescribed(meter, "late_duration_ms"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var operation = new Instrumentation.Operations.PlainOperation(meter, "late.op", "late_duration_ms", "late_calls_total", "late_failures_total");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(operation);
        Assert.True(allocated < 100_000, $"three instruments' streams took {allocated:N0} B (the default size is ~180 KB each)");
    }

    [Fact]
    public void An_assembly_registered_after_the_provider_started_is_described_before_its_instruments_exist()
    {
        // An operation with labels in an assembly loaded after start: its module initializer registers it, and it is
        // described there, so its instruments (created at its first call) are sized from the description.
        var meter = InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "LateLabelled" + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(new BaseExportingMetricReader(new NamesExporter(new List<string>()))).Build();
        MetricCatalog.Register(
            meter,
            () => new[] { new MetricDescriptor(meter, "late_labelled_total", MetricInstrumentKind.Counter, "{call}", "d", MetricLabel.Closed("fast", "false", "true")) },
            (Func<string, System.Diagnostics.Metrics.Instrument?>)(_ => null));
        Assert.NotNull(MetricCatalog.FindDescribed(meter, "late_labelled_total"));

        using var source = new System.Diagnostics.Metrics.Meter(meter);
        var before = GC.GetAllocatedBytesForCurrentThread();
        source.CreateCounter<long>("late_labelled_total", "{call}", "d");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 50_000, $"the stream took {allocated:N0} B (the default size is ~180 KB)");
    }

    [Fact]
    public void More_than_a_thousand_instruments_are_all_exported()
    {
        // OpenTelemetry's default of 1,000 streams per provider dropped every instrument past it silently: a newcomer's
        // library of 400 operations had metrics for 332 of them.
        var meter = InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "Many" + Guid.NewGuid().ToString("N");
        var names = new List<string>();
        var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(new BaseExportingMetricReader(new NamesExporter(names))).Build();
        using (var source = new System.Diagnostics.Metrics.Meter(meter))
        {
            for (var i = 0; i < 1_500; i++)
            {
                source.CreateCounter<long>("many_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_total").Add(1);
            }

            provider.Dispose();
        }

        Assert.Equal(1_500, names.Count(n => n.StartsWith("many_", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_app_s_configuration_of_a_generated_instrument_is_its_one_stream_with_its_size()
    {
        // With AddView, an app's buckets made a second stream beside the sized one (/metrics kept the SDK's). Through
        // MetricStreams the app's configuration is the instrument's only stream, and keeps the size.
        CreateGeneratedInstruments();
        var buckets = new ExplicitBucketHistogramConfiguration { Boundaries = new double[] { 1, 10 } };
        using var reader = new global::Instrumentation.Prometheus.PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddGeneratedInstrumentation(o => o.MetricStreams["ts_write_duration_ms"] = buckets)
            .AddReader(reader)
            .Build();
        var histogram = MetricCatalog.RegisteredSources().Where(r => r.MeterName.EndsWith(".Instrumentation.Runtime.Tests", StringComparison.Ordinal))
            .Select(r => r.FindInstrument("ts_write_duration_ms")).OfType<System.Diagnostics.Metrics.Histogram<double>>().First();
        histogram.Record(3);

        var buckets3 = reader.Scrape().Split('\n').Where(l => l.StartsWith("ts_write_duration_ms_bucket", StringComparison.Ordinal)).ToList();

        Assert.Equal(new[] { "ts_write_duration_ms_bucket{le=\"1\"} 0", "ts_write_duration_ms_bucket{le=\"10\"} 1", "ts_write_duration_ms_bucket{le=\"+Inf\"} 1" }, buckets3);
        Assert.Equal(1, buckets.CardinalityLimit);
    }

    [Fact]
    public void Sized_streams_export_the_same_series()
    {
        var withSizes = Scrape(_ => { });
        var withoutSizes = Scrape(o => o.SizeMetricStreams = false);

        Assert.Equal(withoutSizes, withSizes);
        Assert.Contains("gateway_auth_failures_total{reason=\"device_revoked\"}", withSizes, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_sizing_an_app_s_own_view_of_a_generated_instrument_makes_the_only_stream()
    {
        // OpenTelemetry makes one stream per view that matches an instrument: with SizeMetricStreams on, an app's view of a
        // generated instrument would make a second stream of the same name (README, "SizeMetricStreams").
        CreateGeneratedInstruments();
        var names = new List<string>();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddGeneratedInstrumentation(o => o.SizeMetricStreams = false)
            .AddView("ts_write_duration_ms", new ExplicitBucketHistogramConfiguration { Boundaries = new double[] { 1, 10 } })
            .AddReader(new BaseExportingMetricReader(new NamesExporter(names)))
            .Build();
        var histogram = MetricCatalog.RegisteredSources().Where(r => r.MeterName.EndsWith(".Instrumentation.Runtime.Tests", StringComparison.Ordinal))
            .Select(r => r.FindInstrument("ts_write_duration_ms")).OfType<System.Diagnostics.Metrics.Histogram<double>>().First();
        histogram.Record(3);
        provider.Dispose();

        Assert.Single(names, n => n == "ts_write_duration_ms");
    }

    private static string[] Values(int count) => Enumerable.Range(0, count).Select(i => "v" + i).ToArray();

    private static int CreateGeneratedInstruments()
    {
        var count = 0;
        foreach (var registration in MetricCatalog.RegisteredSources())
        {
            try
            {
                foreach (var metric in registration.Metrics)
                {
                    count += registration.FindInstrument(metric.Name) is not null ? 1 : 0;
                }
            }
            catch (InvalidOperationException)
            {
                // ZeroSeriesTests registers a broken registration on purpose.
            }
        }

        return count;
    }

    private static long BuildAndMeasure(Action<InstrumentationOptions> configure)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation(configure).AddReader(new BaseExportingMetricReader(new NamesExporter(new List<string>()))).Build();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Scrape(Action<InstrumentationOptions> configure)
    {
        CreateGeneratedInstruments();
        using var reader = new global::Instrumentation.Prometheus.PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation(configure).AddReader(reader).Build();
        // The series, not their values (a timer of an earlier test may still count).
        return string.Join("\n", reader.Scrape().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.LastIndexOf(' ')]).Order(StringComparer.Ordinal));
    }

    private sealed class NamesExporter(List<string> names) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                names.Add(metric.Name);
            }

            return ExportResult.Success;
        }
    }
}
