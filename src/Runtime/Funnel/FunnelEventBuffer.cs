using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.Funnel;

/// <summary>
/// A bounded ring buffer of <see cref="FunnelEvent"/> structs between the hot path and the background
/// writer. Enqueue copies a struct under a short lock: no allocation. Memory is fixed at
/// <see cref="Capacity"/> events whatever happens to the store.
/// </summary>
/// <remarks>
/// When the buffer is full (the store is slow or down for long), the <see cref="FunnelOverflowPolicy"/>
/// decides: <see cref="FunnelOverflowPolicy.BlockBriefly"/> (the default) makes the emitting thread wait
/// up to <see cref="BlockFor"/> for room, then drops the event; <see cref="FunnelOverflowPolicy.DropNewest"/>
/// drops it at once. Every dropped event is counted in <see cref="DroppedCount"/> and in the metric
/// <c>funnel_events_dropped_total</c> (meter <see cref="FunnelMetrics.MeterName"/>).
/// A once-per-entity event whose (event, entity) key the writer already stored is accepted without
/// being queued (<see cref="SkippedAsRecordedCount"/>): repeating "first" events cost no buffer space.
/// </remarks>
public sealed class FunnelEventBuffer
{
    /// <summary>The default capacity (events).</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>The default wait of <see cref="FunnelOverflowPolicy.BlockBriefly"/>.</summary>
    public static readonly TimeSpan DefaultBlockFor = TimeSpan.FromMilliseconds(50);

    private static readonly Task<bool> CompletedTrue = Task.FromResult(true);
    private static readonly Task<bool> CompletedFalse = Task.FromResult(false);
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromMilliseconds(int.MaxValue);
    private readonly FunnelEvent[] _items;
    private readonly object _gate = new();
    private readonly FunnelRecordedKeys _recorded;
    private int _head;
    private int _count;
    private int _waiters;
    private int _blockedProducers;
    private TaskCompletionSource<bool>? _countWaiter;
    private int _countWaiterTarget;
    private long _dropped;
    private long _enqueued;
    private long _skipped;

    /// <summary>Creates a buffer holding up to <paramref name="capacity"/> events.</summary>
    /// <param name="capacity">The most events held at once (memory is allocated for all of them up front).</param>
    /// <param name="policy">What happens when the buffer is full.</param>
    /// <param name="blockFor">How long <see cref="FunnelOverflowPolicy.BlockBriefly"/> waits for room (default 50 ms).</param>
    /// <param name="recordedKeys">How many once-per-entity keys the "already recorded" cache remembers.</param>
    public FunnelEventBuffer(int capacity = DefaultCapacity, FunnelOverflowPolicy policy = FunnelOverflowPolicy.BlockBriefly, TimeSpan? blockFor = null, int recordedKeys = 16_384)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The funnel buffer needs room for at least one event.");
        }

        if (blockFor is { } wait && (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(blockFor), wait, "The overflow wait must be between 0 and 1 minute.");
        }

        if (recordedKeys < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(recordedKeys), recordedKeys, "The recorded-key cache needs at least one slot.");
        }

        _items = new FunnelEvent[capacity];
        Policy = policy;
        BlockFor = blockFor ?? DefaultBlockFor;
        _recorded = new FunnelRecordedKeys(recordedKeys);
    }

    /// <summary>What happens when the buffer is full.</summary>
    public FunnelOverflowPolicy Policy { get; }

    /// <summary>How long <see cref="FunnelOverflowPolicy.BlockBriefly"/> waits for room before dropping.</summary>
    public TimeSpan BlockFor { get; }

    /// <summary>Events waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Events accepted into the buffer since start.</summary>
    public long EnqueuedCount => Interlocked.Read(ref _enqueued);

    /// <summary>Once-per-entity events accepted without queuing because their key is already stored.</summary>
    public long SkippedAsRecordedCount => Interlocked.Read(ref _skipped);

    /// <summary>Emitting threads currently waiting for room (<see cref="FunnelOverflowPolicy.BlockBriefly"/>).</summary>
    public int BlockedProducers => Volatile.Read(ref _blockedProducers);

    /// <summary>The capacity.</summary>
    public int Capacity => _items.Length;

    /// <summary>Adds an event; false (and counted) when it had to be dropped.</summary>
    public bool TryAdd(in FunnelEvent item)
    {
        if (item.OncePerEntity && _recorded.Contains(item.EventType, in item.EntityId))
        {
            Interlocked.Increment(ref _skipped);
            return true;
        }

        lock (_gate)
        {
            if (_count == _items.Length && Policy == FunnelOverflowPolicy.BlockBriefly)
            {
                WaitForRoomLocked();
            }

            if (_count == _items.Length)
            {
                Interlocked.Increment(ref _dropped);
                FunnelMetrics.Dropped.Add(1);
                return false;
            }

            _items[(_head + _count) % _items.Length] = item;
            _count++;
            Interlocked.Increment(ref _enqueued);
            if (_waiters > 0)
            {
                // Only wake threads that wait (the writer on an empty buffer): no pulse on the hot path otherwise.
                Monitor.PulseAll(_gate);
            }

            if (_countWaiter is { } waiter && _count >= _countWaiterTarget)
            {
                // The writer waiting in WaitForCountAsync resumes on the thread pool, not on this emitting thread.
                _countWaiter = null;
                waiter.TrySetResult(true);
            }

            return true;
        }
    }

    /// <summary>
    /// Remembers that the once-per-entity event <paramref name="eventType"/> of <paramref name="entity"/> is
    /// stored, so later emits of it are skipped at enqueue. Call only once the store confirmed the row.
    /// </summary>
    public void MarkRecorded(string eventType, FunnelValue entity)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        _recorded.Add(eventType, entity);
    }

    /// <summary>True when <see cref="MarkRecorded"/> remembers the key (a bounded cache: false may still be stored).</summary>
    public bool IsRecorded(string eventType, FunnelValue entity) => _recorded.Contains(eventType, in entity);

    /// <summary>Copies up to <paramref name="max"/> events into <paramref name="batch"/> without removing them.</summary>
    public int Peek(List<FunnelEvent> batch, int max)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        lock (_gate)
        {
            var take = Math.Min(max, _count);
            for (var i = 0; i < take; i++)
            {
                batch.Add(_items[(_head + i) % _items.Length]);
            }

            return take;
        }
    }

    /// <summary>Removes <paramref name="count"/> events from the front (after they were written).</summary>
    public void Remove(int count)
    {
        lock (_gate)
        {
            count = Math.Min(count, _count);
            for (var i = 0; i < count; i++)
            {
                _items[(_head + i) % _items.Length] = default;
            }

            _head = (_head + count) % _items.Length;
            _count -= count;
            if (_waiters > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Waits until an event is available or the timeout passes.</summary>
    public bool WaitForItems(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                return true;
            }

            WaitLocked((int)timeout.TotalMilliseconds);
            return _count > 0;
        }
    }

    /// <summary>
    /// Completes once the buffer holds at least <paramref name="count"/> events (true), or with false when
    /// <paramref name="timeout"/> passes, <see cref="Wake"/> is called, <paramref name="cancellationToken"/> is cancelled
    /// or another caller starts waiting. No thread is blocked and nothing polls: the emit that reaches the count
    /// completes the wait, so a writer holding a partial batch back wakes once per batch, not on a timer tick.
    /// Meant for one waiter at a time (the writer); it never throws for a timeout or a cancellation.
    /// </summary>
    /// <param name="count">The number of buffered events to wait for (at least 1; more than <see cref="Capacity"/> waits for a full buffer).</param>
    /// <param name="timeout">
    /// The longest wait (<see cref="TimeSpan.Zero"/> or more; <see cref="Timeout.InfiniteTimeSpan"/>, or anything longer than
    /// a timer can count, about 24.8 days, waits without a limit).
    /// </param>
    /// <param name="cancellationToken">Ends the wait early (with false).</param>
    public Task<bool> WaitForCountAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The wait must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (timeout > MaxTimerWait)
        {
            // A timer cannot count that far (CancelAfter would throw from the returned task): no limit.
            timeout = Timeout.InfiniteTimeSpan;
        }

        var target = Math.Min(count, _items.Length);
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (_count >= target)
            {
                return CompletedTrue;
            }

            if (timeout == TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return CompletedFalse;
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _countWaiter?.TrySetResult(false);
            _countWaiter = waiter;
            _countWaiterTarget = target;
        }

        return WaitAsync(waiter, timeout, cancellationToken);
    }

    /// <summary>Wakes a writer waiting in <see cref="WaitForItems"/> or <see cref="WaitForCountAsync"/> (for example to stop it).</summary>
    public void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
            if (_countWaiter is { } waiter)
            {
                _countWaiter = null;
                waiter.TrySetResult(false);
            }
        }
    }

    private async Task<bool> WaitAsync(TaskCompletionSource<bool> waiter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // One timer for the timeout and the caller's token; cancelled as soon as the wait ends, so no timer outlives it.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        using (limit.Token.UnsafeRegister(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), waiter))
        {
            var reached = await waiter.Task.ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_countWaiter, waiter))
                {
                    _countWaiter = null;
                }
            }

            return reached;
        }
    }

    private void WaitForRoomLocked()
    {
        var deadline = Environment.TickCount64 + (long)BlockFor.TotalMilliseconds;
        _blockedProducers++;
        try
        {
            while (_count == _items.Length)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return;
                }

                WaitLocked((int)remaining);
            }
        }
        finally
        {
            _blockedProducers--;
        }
    }

    private bool WaitLocked(int milliseconds)
    {
        _waiters++;
        try
        {
            return Monitor.Wait(_gate, milliseconds);
        }
        finally
        {
            _waiters--;
        }
    }
}
