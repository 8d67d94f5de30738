using System;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The funnel meter reaches an OpenTelemetry exporter through the SDK's one registration call.</summary>
public sealed class MetricsExportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    [Fact]
    public async Task Dropped_written_and_buffered_funnel_metrics_are_exported_by_AddGeneratedInstrumentation()
    {
        using var metrics = new OtelMetricCapture();
        var full = new FunnelEventBuffer(capacity: 2, FunnelOverflowPolicy.DropNewest);
        for (var i = 0; i < 5; i++)
        {
            full.TryAdd(TestEvents.Flow(i));
        }

        await using (var store = SqlFunnelStore.Open(_temp.File("events.db")))
        await using (var writer = await FunnelWriter.StartAsync(store, _temp.Options()))
        {
            for (var i = 0; i < 4; i++)
            {
                var item = TestEvents.Flow(i);
                FunnelEvents.Emit(in item);
            }

            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
            var exported = metrics.Collect();

            Assert.Equal(3, exported[FunnelMetrics.DroppedName]);
            Assert.Equal(4, exported["funnel_events_written_total"]);
            Assert.Equal(0, exported["funnel_events_buffered"]);
        }
    }
}
