namespace Instrumentation.Funnel;

/// <summary>What happens when the funnel buffer is full (the store is slow or down for long).</summary>
public enum FunnelOverflowPolicy
{
    /// <summary>The new event is dropped at once and counted in <c>funnel_events_dropped_total</c>.</summary>
    DropNewest,

    /// <summary>The caller waits up to the configured time for room, then the event is dropped and counted.</summary>
    BlockBriefly,
}
