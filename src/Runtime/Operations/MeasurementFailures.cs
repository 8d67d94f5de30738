using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Operations;

/// <summary>
/// A <see cref="System.Diagnostics.Metrics.MeterListener"/> whose measurement callback throws — the app's own listener:
/// .NET calls it on the thread that records — costs the call its measurements, not the call. Without the SDK the method
/// recorded nothing, so the listener's exception must not come out of it, replace the method's result or its own
/// exception, or skip what follows the measurements (the span's end, the correlation frame's pop). Generated code and
/// <see cref="PlainOperation"/> record an operation's measurements inside a <c>try</c> and report here.
/// </summary>
public static class MeasurementFailures
{
    private static long s_count;
    private static int s_logged;

    /// <summary>How many times recording an operation's measurements threw in this process.</summary>
    public static long Count => Interlocked.Read(ref s_count);

    /// <summary>
    /// Counts a failed recording and logs one warning per process with the exception's type (not its message, which the
    /// app's listener wrote), the first time operation logs are configured when it happens. Never throws.
    /// </summary>
    /// <param name="exception">What the listener threw.</param>
    public static void Report(Exception exception)
    {
        Interlocked.Increment(ref s_count);
        if (Volatile.Read(ref s_logged) != 0)
        {
            return;
        }

        try
        {
            // Marked only when a line is written: a failure before the host configured operation logs is logged by the
            // next one after.
            if (Logging.OperationLog.IsConfigured && Logging.OperationLog.Logger.IsEnabled(LogLevel.Warning)
                && Interlocked.Exchange(ref s_logged, 1) == 0)
            {
                Logging.OperationLog.Logger.LogWarning(
                    "Recording an operation's metrics threw {ExceptionType} (a MeterListener's measurement callback): the call went on without those measurements; further failures are only counted (MeasurementFailures.Count)",
                    exception?.GetType().FullName);
            }
        }
#pragma warning disable CA1031 // reporting a listener's failure must not throw into the instrumented call either
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
