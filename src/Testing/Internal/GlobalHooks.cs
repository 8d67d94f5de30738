using Instrumentation.Funnel;
using Instrumentation.OpenTelemetry;
using Instrumentation.Testing.Logs;

namespace Instrumentation.Testing.Internal;

/// <summary>
/// The SDK's process-wide switches the kit turns on while captures are alive: the operation logger (routed by
/// <see cref="CaptureLogging"/>), the funnel observer (routed by async scope), and parent-based sampling turned off. Reference-counted, so parallel
/// tests share them and the last capture to end turns them off.
/// </summary>
internal static class GlobalHooks
{
    private static readonly object s_gate = new();
    private static readonly FunnelEventObserver s_funnelRouter = Route;
    private static int s_logUsers;
    private static int s_funnelUsers;

    public static void Acquire(TelemetryCaptureOptions options)
    {
        lock (s_gate)
        {
            // Every span in the capture's scope is offered to its sampler, also a child of a span the app did not
            // record (a web app under test samples its request spans at its own ratio).
            Instrumentation.Operations.OperationSettings.SuspendParentBasedSampling();
            if (options.CaptureOperationLogs)
            {
                // Every time, not only the first: a test may have configured (or reset) operation logs in between.
                InstrumentationLogging.Use(CaptureLogging.Factory);
                s_logUsers++;
            }

            if (options.CaptureFunnelEvents && s_funnelUsers++ == 0)
            {
                FunnelEvents.Observe(s_funnelRouter);
            }
        }
    }

    public static void Release(TelemetryCaptureOptions options)
    {
        lock (s_gate)
        {
            Instrumentation.Operations.OperationSettings.ResumeParentBasedSampling();
            if (options.CaptureOperationLogs && --s_logUsers == 0)
            {
                InstrumentationLogging.Reset();
            }

            if (options.CaptureFunnelEvents && --s_funnelUsers == 0)
            {
                FunnelEvents.Observe(null);
            }
        }
    }

    private static void Route(in FunnelEvent item) => TelemetryCapture.Current?.Add(CapturedFunnelEvent.From(in item));
}
