using System.Threading;

namespace Instrumentation.Funnel;

/// <summary>
/// The entry point generated code uses: when a buffer is installed (by the funnel writer), events are
/// enqueued; otherwise funnel events cost one field read.
/// </summary>
public static class FunnelEvents
{
    private static FunnelEventBuffer? s_buffer;

    /// <summary>True when a writer is running.</summary>
    public static bool IsEnabled => Volatile.Read(ref s_buffer) is not null;

    /// <summary>The installed buffer, if any.</summary>
    public static FunnelEventBuffer? Buffer => Volatile.Read(ref s_buffer);

    /// <summary>Installs (or with null, removes) the buffer events go to.</summary>
    public static void Install(FunnelEventBuffer? buffer) => Volatile.Write(ref s_buffer, buffer);

    /// <summary>Enqueues an event (no allocation); false when it was dropped by the overflow policy.</summary>
    public static bool Emit(in FunnelEvent item) => Volatile.Read(ref s_buffer)?.TryAdd(in item) ?? false;
}
