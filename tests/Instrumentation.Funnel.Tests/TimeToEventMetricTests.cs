using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Instrumentation.Observability;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// "Time to first device data" as a metric (SPEC §3.5's panel): the writer records each inserted event's
/// time-since property in <c>funnel_time_to_event_seconds{event}</c>, and the metric catalog lists exactly
/// the instruments the funnel meter publishes; its counters without labels are exported at 0 before any event.
/// </summary>
public sealed class TimeToEventMetricTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    [Fact]
    public async Task Inserted_first_events_record_their_time_since_registration_once()
    {
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        await using var store = SqlFunnelStore.Open(_temp.File("events.db"));
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            var registered = new FunnelEvent("DeviceRegistered") { EntityId = "dev-1", OncePerEntity = true, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-2) };
            FunnelEvents.Emit(in registered);
            for (var i = 0; i < 3; i++)
            {
                var first = TestEvents.First("dev-1");
                first.SinceProperty = "time_since_registration_s";
                first.SinceEvent = "DeviceRegistered";
                FunnelEvents.Emit(in first);
            }

            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        }

        var text = reader.Scrape();

        // One inserted FirstDeviceData (the repeats are not stored), about 120 s: in the (60, 300] bucket.
        Assert.Contains("funnel_time_to_event_seconds_count{event=\"FirstDeviceData\"} 1\n", text);
        Assert.Contains("funnel_time_to_event_seconds_bucket{event=\"FirstDeviceData\",le=\"60\"} 0\n", text);
        Assert.Contains("funnel_time_to_event_seconds_bucket{event=\"FirstDeviceData\",le=\"300\"} 1\n", text);
        Assert.DoesNotContain("event=\"DeviceRegistered\"", text);
    }

    // The SDK's own funnel counters get zero series like generated counters, so an increase() alert on a writer's
    // failures sees the first one (a newcomer's worker saw only funnel_events_written_total, and only after a write).
    [Fact]
    public async Task A_writers_counters_and_the_buffer_gauge_are_exported_before_any_event_also_when_it_starts_after_the_first_collection()
    {
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        _ = reader.Scrape(); // a collection before the writer starts: its counters are published at the next one
        await using var store = SqlFunnelStore.Open(_temp.File("events.db"));
        await using var writer = await FunnelWriter.StartAsync(store, _temp.Options());

        var text = "\n" + reader.Scrape();

        foreach (var counter in new[] { "funnel_events_written_total", "funnel_write_failures_total", "funnel_events_dead_lettered_total", "funnel_events_spilled_total", "funnel_events_lost_total", "funnel_events_dropped_total" })
        {
            Assert.Contains("\n" + counter + " 0\n", text);
        }

        Assert.Contains("\nfunnel_events_buffered 0\n", text);
        Assert.DoesNotContain("funnel_emit_failures_total", text); // labelled by event name: no closed set of values
    }

    [Fact]
    public void The_catalog_lists_the_funnel_meter_as_it_is()
    {
        _ = FunnelWriterMetrics.TimeToEvent;
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(FunnelMetrics).TypeHandle);
        var published = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == FunnelMetrics.MeterName)
                {
                    published.Add(instrument);
                }
            };
            listener.Start();
        }

        var declared = MetricCatalog.Current.Metrics.Where(m => m.MeterName == FunnelMetrics.MeterName).ToDictionary(m => m.Name);
        Assert.Equal(declared.Keys.OrderBy(n => n, StringComparer.Ordinal), published.Select(i => i.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        foreach (var instrument in published)
        {
            var descriptor = declared[instrument.Name];
            Assert.Equal(descriptor.Unit, instrument.Unit);
            Assert.Equal(descriptor.Description, instrument.Description);
            var kind = instrument.GetType().GetGenericTypeDefinition().Name switch
            {
                "Counter`1" => MetricInstrumentKind.Counter,
                "Histogram`1" => MetricInstrumentKind.Histogram,
                "UpDownCounter`1" => MetricInstrumentKind.UpDownCounter,
                _ => MetricInstrumentKind.Gauge,
            };
            Assert.Equal(descriptor.Kind, kind);
        }
    }
}
