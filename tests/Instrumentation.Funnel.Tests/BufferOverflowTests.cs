using System;
using System.Threading.Tasks;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The overflow policies of the bounded buffer, without a store.</summary>
public sealed class BufferOverflowTests
{
    private static FunnelEvent Event(int i) => TestEvents.Flow(i);

    [Fact]
    public async Task Block_briefly_waits_for_room_and_the_event_goes_in_when_the_writer_makes_some()
    {
        var buffer = new FunnelEventBuffer(capacity: 2, FunnelOverflowPolicy.BlockBriefly, blockFor: TimeSpan.FromSeconds(30));
        Assert.True(buffer.TryAdd(Event(0)));
        Assert.True(buffer.TryAdd(Event(1)));

        var producer = Task.Run(() => buffer.TryAdd(Event(2)));
        await TestEvents.WaitUntilAsync(() => buffer.BlockedProducers == 1, "the producer waits for room");
        Assert.False(producer.IsCompleted);

        buffer.Remove(1);

        Assert.True(await producer);
        Assert.Equal(2, buffer.Count);
        Assert.Equal(0, buffer.DroppedCount);
        Assert.Equal(0, buffer.BlockedProducers);
    }

    [Fact]
    public void Block_briefly_drops_and_counts_when_the_buffer_is_still_full_after_the_wait()
    {
        using var drops = new DropCounter();
        var buffer = new FunnelEventBuffer(capacity: 1, FunnelOverflowPolicy.BlockBriefly, blockFor: TimeSpan.FromMilliseconds(20));
        Assert.True(buffer.TryAdd(Event(0)));

        Assert.False(buffer.TryAdd(Event(1)));
        Assert.False(buffer.TryAdd(Event(2)));

        Assert.Equal(1, buffer.Count);
        Assert.Equal(2, buffer.DroppedCount);
        Assert.Equal(2, drops.Total);
        Assert.Equal(0, buffer.BlockedProducers);
    }

    [Fact]
    public void Drop_newest_never_waits_and_counts_every_drop_in_the_metric()
    {
        using var drops = new DropCounter();
        var buffer = new FunnelEventBuffer(capacity: 10, FunnelOverflowPolicy.DropNewest, blockFor: TimeSpan.FromMinutes(1));
        var accepted = 0;
        for (var i = 0; i < 25; i++)
        {
            accepted += buffer.TryAdd(Event(i)) ? 1 : 0;
            Assert.True(buffer.Count <= buffer.Capacity);
        }

        Assert.Equal(10, accepted);
        Assert.Equal(15, buffer.DroppedCount);
        Assert.Equal(15, drops.Total);
        Assert.Equal(0, buffer.BlockedProducers);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_a_clear_message()
    {
        Assert.Contains("at least one event", Assert.Throws<ArgumentOutOfRangeException>(() => new FunnelEventBuffer(0)).Message);
        Assert.Contains("between 0 and 1 minute", Assert.Throws<ArgumentOutOfRangeException>(() => new FunnelEventBuffer(1, blockFor: TimeSpan.FromMinutes(5))).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new FunnelWriterOptions { BatchSize = 0 }.Validate()).Message);
    }

    [Theory]
    [InlineData("OverflowWait", -1, 0)]
    [InlineData("OverflowWait", 300_000, 0)]
    [InlineData("OverflowPolicy", 50, 7)]
    [InlineData("BufferCapacity", 50, int.MaxValue)]
    public void Writer_settings_the_buffer_would_refuse_at_start_are_refused_when_the_funnel_is_registered(string setting, int waitMilliseconds, int value)
    {
        // An operator's trial: these passed registration, then failed inside the writer's start, where the failure read
        // "the funnel store cannot be reached" and the host crashed anyway (out of memory for int.MaxValue).
        void Set(FunnelWriterOptions options)
        {
            options.OverflowWait = TimeSpan.FromMilliseconds(waitMilliseconds);
            if (setting == "OverflowPolicy")
            {
                options.OverflowPolicy = (FunnelOverflowPolicy)value;
            }
            else if (setting == "BufferCapacity")
            {
                options.BufferCapacity = value;
            }
        }

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => Microsoft.Extensions.DependencyInjection.FunnelEventsServiceCollectionExtensions.AddFunnelEvents(
            services, o => { o.UseSqlite(":memory:"); Set(o.Writer); }));

        Assert.Contains("FunnelWriterOptions." + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_funnel_registration_is_an_error_instead_of_a_silently_dropped_store()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.FunnelEventsServiceCollectionExtensions.AddFunnelEvents(services, o => o.UseSqlite("one.db"));

        var error = Assert.Throws<InvalidOperationException>(() => Microsoft.Extensions.DependencyInjection.FunnelEventsServiceCollectionExtensions.AddFunnelEvents(services, o => o.UseSqlite("two.db")));

        Assert.Contains("called twice", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Listens to <c>funnel_events_dropped_total</c> as any metrics pipeline would.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _total;

        public DropCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FunnelMetrics.MeterName && instrument.Name == FunnelMetrics.DroppedName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => System.Threading.Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => System.Threading.Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
