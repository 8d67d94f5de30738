using System.Threading;
using Instrumentation.Correlation;
using Instrumentation.Funnel;
using Instrumentation.Logging;
using Instrumentation.Testing.Logs;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Testing.Internal;

/// <summary>
/// The SDK's process-wide switches the kit turns on while captures are alive: the operation logs (written to
/// <see cref="CaptureLogging"/> besides the app's logger factory), the funnel observer (routed by async scope), and parent-based sampling turned off. Reference-counted, so parallel
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
                // Besides the app's logger factory, not instead of it: a web host a test starts (or a test that
                // configures InstrumentationLogging itself) and the captures never replace each other's.
                if (s_logUsers++ == 0)
                {
                    OperationLog.SetCaptureLogger(new OperationLogSink(CaptureLogging.Factory.CreateLogger(OperationLog.Category)));
                }

                // Every time, not only the first: a test may have turned correlation off in between.
                CorrelationContext.SetEnabled(true);
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
                // Back to what the app (or the test) configured, as InstrumentationLogging.Use / Reset left it.
                OperationLog.SetCaptureLogger(null);
                CorrelationContext.SetEnabled(OperationLog.IsAppConfigured, linesExpected: OperationLog.Logger.IsEnabled(LogLevel.Critical));
            }

            if (options.CaptureFunnelEvents && --s_funnelUsers == 0)
            {
                FunnelEvents.Observe(null);
            }
        }
    }

    /// <summary>True while some capture routes the operation logs through <see cref="OperationLogSink"/>.</summary>
    public static bool RoutesOperationLogs => Volatile.Read(ref s_logUsers) > 0;

    private static void Route(in FunnelEvent item)
    {
        // The innermost capture in scope, if it captures funnel events (another capture alive elsewhere keeps the
        // observer installed, but does not turn them on for this one).
        if (TelemetryCapture.Current is { CapturesFunnelEvents: true } capture)
        {
            capture.Add(CapturedFunnelEvent.From(in item));
        }
    }
}
