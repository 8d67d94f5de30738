using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// <see cref="FunnelEventBuffer.WaitForCountAsync"/>, the writer's wait for a fuller batch: the emit that reaches the
/// count ends it, and a timeout, <see cref="FunnelEventBuffer.Wake"/>, a cancellation or a second waiter end it with
/// false — never with an exception, and without a thread blocked meanwhile.
/// </summary>
public sealed class BufferWaitTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_emit_that_reaches_the_count_ends_the_wait_with_true()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);
        Add(buffer, 0);
        var wait = buffer.WaitForCountAsync(3, Long);
        Assert.False(wait.IsCompleted);

        Add(buffer, 1);
        Assert.False(wait.IsCompleted);
        Add(buffer, 2);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_timeout_longer_than_a_timer_counts_waits_without_a_limit_and_does_not_fault()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);
        var wait = buffer.WaitForCountAsync(1, TimeSpan.FromDays(60));
        Assert.False(wait.IsCompleted);

        Add(buffer, 0);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_count_already_reached_completes_at_once()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);
        Add(buffer, 0);
        Add(buffer, 1);

        var wait = buffer.WaitForCountAsync(2, Long);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public async Task A_count_above_the_capacity_waits_for_a_full_buffer()
    {
        var buffer = new FunnelEventBuffer(capacity: 2);
        var wait = buffer.WaitForCountAsync(1_000, Long);
        Add(buffer, 0);
        Assert.False(wait.IsCompleted);
        Add(buffer, 1);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_timeout_ends_the_wait_with_false()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);
        var started = DateTime.UtcNow;

        Assert.False(await buffer.WaitForCountAsync(1, TimeSpan.FromMilliseconds(50)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(40));
        Assert.False(await buffer.WaitForCountAsync(1, TimeSpan.Zero));
    }

    [Fact]
    public async Task Wake_a_cancellation_or_a_second_waiter_end_the_wait_with_false_not_an_exception()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);

        var woken = buffer.WaitForCountAsync(1, Long);
        buffer.Wake();
        Assert.False(await woken.WaitAsync(TimeSpan.FromSeconds(30)));

        using var cancel = new CancellationTokenSource();
        var cancelled = buffer.WaitForCountAsync(1, Long, cancel.Token);
        cancel.Cancel();
        Assert.False(await cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await buffer.WaitForCountAsync(1, Long, cancel.Token));

        var first = buffer.WaitForCountAsync(1, Long);
        var second = buffer.WaitForCountAsync(1, Long);
        Assert.False(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Add(buffer, 0);
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Bad_arguments_are_refused_with_their_names()
    {
        var buffer = new FunnelEventBuffer(capacity: 100);
        // Thrown by the call itself, not by the task it would return.
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = buffer.WaitForCountAsync(0, Long); }).ParamName);
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = buffer.WaitForCountAsync(1, TimeSpan.FromMilliseconds(-5)); }).ParamName);
    }

    private static void Add(FunnelEventBuffer buffer, int i)
    {
        var item = TestEvents.Flow(i);
        Assert.True(buffer.TryAdd(in item));
    }
}
