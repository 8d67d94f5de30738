using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Funnel;

/// <summary>
/// The entry point generated code uses: when a buffer is installed (by the funnel writer), events are
/// enqueued; otherwise funnel events cost one field read.
/// </summary>
public static class FunnelEvents
{
    private static FunnelEventBuffer? s_buffer;
    private static FunnelEventObserver? s_observer;
    private static long s_emitFailures;

    /// <summary>True when a writer is running (or a test capture observes events).</summary>
    public static bool IsEnabled => Volatile.Read(ref s_buffer) is not null || Volatile.Read(ref s_observer) is not null;

    /// <summary>The installed buffer, if any.</summary>
    public static FunnelEventBuffer? Buffer => Volatile.Read(ref s_buffer);

    /// <summary>Events that could not be built because reading a property threw (see <see cref="ReportEmitFailure"/>).</summary>
    public static long EmitFailureCount => Interlocked.Read(ref s_emitFailures);

    /// <summary>
    /// Installs (or with null, removes) the buffer events go to. The buffer's own instruments
    /// (<c>funnel_events_dropped_total</c>, <c>funnel_events_buffered</c>) exist from the first install on, so an app that
    /// runs no funnel writer exports no funnel metric.
    /// </summary>
    public static void Install(FunnelEventBuffer? buffer)
    {
        if (buffer is not null)
        {
            FunnelMetrics.EnsureCreated();
        }

        Volatile.Write(ref s_buffer, buffer);
    }

    /// <summary>Enqueues an event (no allocation); false when it was dropped by the overflow policy.</summary>
    public static bool Emit(in FunnelEvent item)
    {
        Volatile.Read(ref s_observer)?.Invoke(in item);
        return Volatile.Read(ref s_buffer)?.TryAdd(in item) ?? false;
    }

    /// <summary>
    /// Sets (or with null, removes) the observer that sees every emitted event before it is enqueued. Used by the
    /// test kit (Instrumentation.Sdk.Testing) to route events to the capture of the test that emitted them.
    /// </summary>
    internal static void Observe(FunnelEventObserver? observer) => Volatile.Write(ref s_observer, observer);

    /// <summary>
    /// Generated code calls this when building an event threw (a property getter failed after the method
    /// succeeded): the event is not emitted, the failure is counted in <c>funnel_emit_failures_total</c>
    /// and logged as a warning when operation logs are configured, and nothing is thrown into the application.
    /// </summary>
    public static void ReportEmitFailure(string eventType, Exception exception)
    {
        Interlocked.Increment(ref s_emitFailures);
        try
        {
            FunnelMetrics.CountEmitFailure(eventType);
            if (Logging.OperationLog.IsConfigured && Logging.OperationLog.Logger.IsEnabled(LogLevel.Warning))
            {
                Logging.OperationLog.Logger.LogWarning("Funnel event {EventName} was not emitted: building it threw {ExceptionType}", eventType, exception?.GetType().Name);
            }
        }
#pragma warning disable CA1031 // called from the generated catch of a method that succeeded: a throwing MeterListener or logger must not fail it
        catch (Exception measurementError)
#pragma warning restore CA1031
        {
            Operations.MeasurementFailures.Report(measurementError);
        }
    }
}
