using System;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// The SDK's own funnel counters are in the metric catalog, so they get zero series like generated counters: a running
/// writer's failure, spill and loss counters are scraped at 0 before anything goes wrong, and an <c>increase()</c>
/// alert on them sees the first failure (a newcomer's worker saw only <c>funnel_events_written_total</c>, and only after
/// a write).
/// </summary>
public sealed class FunnelZeroSeriesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

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
}
