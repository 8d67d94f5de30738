using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;

namespace Instrumentation.Funnel;

/// <summary>
/// A bounded ring buffer of <see cref="FunnelEvent"/> structs between the hot path and the background
/// writer. Enqueue copies a struct under a short lock: no allocation. Overflow follows the
/// <see cref="FunnelOverflowPolicy"/> and every drop is counted in <c>funnel_events_dropped_total</c>.
/// </summary>
public sealed class FunnelEventBuffer
{
    private static readonly Meter Meter = new("Instrumentation.Funnel");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("funnel_events_dropped_total", "{event}", "Funnel events dropped because the buffer was full");

    private readonly FunnelEvent[] _items;
    private readonly object _gate = new();
    private readonly FunnelOverflowPolicy _policy;
    private readonly TimeSpan _blockFor;
    private int _head;
    private int _count;
    private int _waiters;
    private long _dropped;
    private long _enqueued;

    /// <summary>Creates a buffer holding up to <paramref name="capacity"/> events.</summary>
    public FunnelEventBuffer(int capacity = 100_000, FunnelOverflowPolicy policy = FunnelOverflowPolicy.BlockBriefly, TimeSpan? blockFor = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The funnel buffer needs room for at least one event.");
        }

        _items = new FunnelEvent[capacity];
        _policy = policy;
        _blockFor = blockFor ?? TimeSpan.FromMilliseconds(50);
    }

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

    /// <summary>Events accepted since start.</summary>
    public long EnqueuedCount => Interlocked.Read(ref _enqueued);

    /// <summary>The capacity.</summary>
    public int Capacity => _items.Length;

    /// <summary>Adds an event; false (and counted) when it had to be dropped.</summary>
    public bool TryAdd(in FunnelEvent item)
    {
        lock (_gate)
        {
            if (_count == _items.Length && _policy == FunnelOverflowPolicy.BlockBriefly)
            {
                var deadline = Environment.TickCount64 + (long)_blockFor.TotalMilliseconds;
                while (_count == _items.Length)
                {
                    var remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0 || !WaitLocked((int)remaining))
                    {
                        break;
                    }
                }
            }

            if (_count == _items.Length)
            {
                Interlocked.Increment(ref _dropped);
                Dropped.Add(1);
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

            return true;
        }
    }

    /// <summary>Copies up to <paramref name="max"/> events into <paramref name="batch"/> without removing them.</summary>
    public int Peek(List<FunnelEvent> batch, int max)
    {
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
