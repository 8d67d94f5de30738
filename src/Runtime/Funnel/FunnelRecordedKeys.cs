using System;
using System.Threading;

namespace Instrumentation.Funnel;

/// <summary>
/// A bounded, lock-free "already recorded" set of once-per-entity keys (event type, entity): a fixed
/// array of slots indexed by hash, where a newer key simply replaces an older one that shares its slot.
/// Only the writer adds keys, and only after the store confirmed the row exists, so a hit is always
/// true; a miss only means "ask the store" (its unique key stays the source of truth). Lookups
/// allocate nothing.
/// </summary>
internal sealed class FunnelRecordedKeys
{
    private readonly Entry?[] _slots;
    private readonly int _mask;

    public FunnelRecordedKeys(int capacity)
    {
        var size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _slots = new Entry?[size];
        _mask = size - 1;
    }

    public bool Contains(string? eventType, in FunnelValue entity)
    {
        if (eventType is null || entity.IsNull)
        {
            return false;
        }

        var entry = Volatile.Read(ref _slots[Slot(eventType, entity)]);
        return entry is not null && entry.Entity.Equals(entity) && string.Equals(entry.EventType, eventType, StringComparison.Ordinal);
    }

    public void Add(string eventType, FunnelValue entity)
    {
        if (!entity.IsNull)
        {
            Volatile.Write(ref _slots[Slot(eventType, entity)], new Entry(eventType, entity));
        }
    }

    private int Slot(string eventType, in FunnelValue entity) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(eventType), entity.GetHashCode()) & _mask;

    private sealed class Entry
    {
        public Entry(string eventType, FunnelValue entity)
        {
            EventType = eventType;
            Entity = entity;
        }

        public string EventType { get; }

        public FunnelValue Entity { get; }
    }
}
