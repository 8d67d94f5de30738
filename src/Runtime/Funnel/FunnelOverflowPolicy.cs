namespace Instrumentation.Funnel;

/// <summary>
/// What happens when the funnel buffer is full (the store is slow or down for long). Either way the
/// buffer's memory stays bounded and every dropped event is counted in <c>funnel_events_dropped_total</c>.
/// </summary>
public enum FunnelOverflowPolicy
{
    /// <summary>The new event is dropped at once (the emitting thread never waits).</summary>
    DropNewest,

    /// <summary>
    /// The emitting thread waits up to <see cref="FunnelEventBuffer.BlockFor"/> (default 50 ms) for the
    /// writer to make room, then the event is dropped. The default: short store hiccups lose nothing.
    /// </summary>
    BlockBriefly,
}
