using System;
using System.Linq;
using Instrumentation.Observability;
using Xunit;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>What the catalog holds for this test assembly's annotated methods (declared by the real generator).</summary>
public sealed class MetricCatalogTests
{
    private const string Meter = "Instrumentation.Generated.Instrumentation.Runtime.Tests";

    [Fact]
    public void Current_lists_the_generated_instruments_with_kind_unit_description_and_labels()
    {
        var catalog = MetricCatalog.Current;

        var messages = catalog.Get("ingest_messages_total");
        Assert.Equal(Meter, messages.MeterName);
        Assert.Equal(MetricInstrumentKind.Counter, messages.Kind);
        Assert.Equal("{message}", messages.Unit);
        Assert.Equal("Messages ingested", messages.Description);
        Assert.Equal(new[] { "org", "project", "sensor" }, messages.Labels.Select(l => l.Name));
        Assert.Equal(MetricLabelValues.Unknown, messages.Label("org")!.ValueKind);
        Assert.Empty(messages.Label("org")!.Values);
        Assert.Equal(MetricLabelValues.Closed, messages.Label("sensor")!.ValueKind);
        Assert.Equal(new[] { "air_quality", "humidity", "temperature", "other" }, messages.Label("sensor")!.Values);

        var latency = catalog.Get("ingest_processing_latency_ms");
        Assert.Equal(MetricInstrumentKind.Histogram, latency.Kind);
        Assert.Equal("ms", latency.Unit);
        Assert.Equal(new[] { "org" }, latency.Labels.Select(l => l.Name));

        var reasons = catalog.Get("gateway_auth_failures_total").Label("reason")!;
        Assert.Equal(MetricLabelValues.Expected, reasons.ValueKind);
        Assert.Equal(new[] { "device_revoked", "invalid_token" }, reasons.Values);

        Assert.Equal(MetricInstrumentKind.Histogram, catalog.Get("ingest_batch_size").Kind);
        Assert.Equal(MetricInstrumentKind.Counter, catalog.Get("ts_write_failures_total").Kind);
        Assert.Empty(catalog.Get("ts_write_failures_total").Labels);
    }

    [Fact]
    public void Current_includes_the_sdk_funnel_metrics()
    {
        var timeToEvent = MetricCatalog.Current.Get("funnel_time_to_event_seconds");

        Assert.Equal(Instrumentation.Funnel.FunnelMetrics.MeterName, timeToEvent.MeterName);
        Assert.Equal(MetricInstrumentKind.Histogram, timeToEvent.Kind);
        Assert.Equal("s", timeToEvent.Unit);
        Assert.Equal("event", Assert.Single(timeToEvent.Labels).Name);
        Assert.NotNull(MetricCatalog.Current.Find("funnel_events_dropped_total"));
    }

    [Fact]
    public void Metrics_are_ordered_by_name()
    {
        var names = MetricCatalog.Current.Metrics.Select(m => m.Name).ToList();

        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
    }

    [Fact]
    public void Zero_series_cover_every_combination_of_enumerable_labels_up_to_the_cap()
    {
        var catalog = MetricCatalog.Current;

        Assert.Empty(Assert.Single(catalog.Get("ts_write_failures_total").ZeroSeries));
        Assert.Equal(
            new[] { "reason=device_revoked", "reason=invalid_token" },
            catalog.Get("gateway_auth_failures_total").ZeroSeries.Select(s => string.Join(",", s.Select(l => l.Key + "=" + l.Value))));

        // 21 channels (with "other") × 13 zones = 273 > 256: none, rather than an arbitrary subset.
        Assert.Equal(273, catalog.Get("gateway_route_failures_total").Labels.Aggregate(1, (n, l) => n * l.Values.Count));
        Assert.Empty(catalog.Get("gateway_route_failures_total").ZeroSeries);

        Assert.Empty(catalog.Get("ingest_messages_total").ZeroSeries);          // org is unknown
        Assert.Empty(catalog.Get("ingest_processing_latency_ms").ZeroSeries);   // histograms never get a 0 observation
        Assert.Null(catalog.Find("gateway_route_calls_total"));                 // CallsMetric = "" turns it off
    }

    [Fact]
    public void An_unknown_metric_is_a_clear_error_that_names_the_closest_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricCatalog.Current.Get("ts_write_failure_total"));

        Assert.Contains("'ts_write_failure_total' is not in the metric catalog", error.Message);
        Assert.Contains("ts_write_failures_total", error.Message);
    }

    [Fact]
    public void A_histogram_series_name_points_at_the_histogram()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricCatalog.Current.Get("ingest_processing_latency_ms_bucket"));

        Assert.Contains("series of the histogram 'ingest_processing_latency_ms'", error.Message);
    }

    [Fact]
    public void Descriptors_reject_duplicate_labels()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new MetricDescriptor("m", "x_total", MetricInstrumentKind.Counter, "{x}", "x", MetricLabel.Unknown("org"), MetricLabel.Closed("org", "a")));

        Assert.Contains("'org' appears twice", error.Message);
    }
}

/// <summary>
/// One metric name declared by two projects alike (one family at /metrics, series added up): the rule builder sees every
/// project's labels, whatever order the assemblies loaded in. A newcomer's trial found `by: channel` rejected when the
/// other project had loaded first, and `by: region` in the other order.
/// </summary>
public sealed class SharedMetricNameTests
{
    private static readonly MetricDescriptor Shop = new("Instrumentation.Generated.Shop", "orders_place_calls_total", MetricInstrumentKind.Counter, "{call}", "Calls", MetricLabel.Closed("channel", "web", "phone", "other"));
    private static readonly MetricDescriptor Other = new("Instrumentation.Generated.Other", "orders_place_calls_total", MetricInstrumentKind.Counter, "{call}", "Calls", MetricLabel.Closed("region", "eu", "us", "other"), MetricLabel.Expected("channel", "kiosk"));

    [Fact]
    public void A_name_declared_alike_by_two_meters_is_one_metric_with_both_label_sets_in_either_order()
    {
        foreach (var catalog in new[] { new MetricCatalog(new[] { Shop, Other }), new MetricCatalog(new[] { Other, Shop }) })
        {
            var metric = catalog.Get("orders_place_calls_total");
            Assert.Equal(new[] { "region", "channel" }, metric.Labels.Select(l => l.Name));
            Assert.Equal(MetricLabelValues.Closed, metric.Label("region")!.ValueKind);
            Assert.Equal(MetricLabelValues.Expected, metric.Label("channel")!.ValueKind);
            Assert.Equal(new[] { "kiosk", "web", "phone", "other" }, metric.Label("channel")!.Values);

            var query = new PromQuery(catalog);
            Assert.Equal("sum by (channel) (rate(orders_place_calls_total[5m]))", query.Rate("orders_place_calls_total", TimeSpan.FromMinutes(5), by: new[] { "channel" }).Text);
            Assert.Equal("sum by (region) (rate(orders_place_calls_total[5m]))", query.Rate("orders_place_calls_total", TimeSpan.FromMinutes(5), by: new[] { "region" }).Text);
            Assert.Equal(2, catalog.Metrics.Count);
        }
    }

    [Fact]
    public void A_name_declared_with_another_kind_is_looked_up_as_the_first_meters_by_name_in_either_order()
    {
        var histogram = new MetricDescriptor("Instrumentation.Generated.Another", "orders_place_calls_total", MetricInstrumentKind.Histogram, "ms", "Not a counter");
        foreach (var catalog in new[] { new MetricCatalog(new[] { Shop, histogram }), new MetricCatalog(new[] { histogram, Shop }) })
        {
            Assert.Equal("Instrumentation.Generated.Another", catalog.Get("orders_place_calls_total").MeterName);
        }
    }
}
