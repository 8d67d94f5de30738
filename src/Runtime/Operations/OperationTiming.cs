using System;
using System.Diagnostics;

namespace Instrumentation.Operations;

/// <summary>Duration helpers for generated code (monotonic clock, milliseconds as double).</summary>
public static class OperationTiming
{
    /// <summary>Milliseconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public static double ElapsedMilliseconds(long startTimestamp) =>
        Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>
    /// The duration of an operation that ends now. With a span, the span's own clock is the timer: its
    /// end time is set here (one clock read; <see cref="Activity.Stop"/> then keeps it), so span and
    /// duration metric agree and no separate timestamps are taken. Without a span,
    /// <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value) is used.
    /// </summary>
    /// <param name="activity">The operation's span, if one was started.</param>
    /// <param name="startTimestamp">The start timestamp, used when there is no span.</param>
    /// <returns>The duration in milliseconds (never negative).</returns>
    public static double EndMilliseconds(Activity? activity, long startTimestamp)
    {
        if (activity is null)
        {
            return Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        }

        if (activity.Duration == TimeSpan.Zero)
        {
            activity.SetEndTime(DateTime.UtcNow);
        }

        var milliseconds = activity.Duration.TotalMilliseconds;
        return milliseconds > 0 ? milliseconds : 0;
    }

    /// <summary>Milliseconds since a wall-clock instant (for latencies that began in another process).</summary>
    public static double MillisecondsSince(DateTimeOffset start) =>
        (DateTimeOffset.UtcNow - start).TotalMilliseconds;

    /// <summary>Milliseconds since a wall-clock instant (for latencies that began in another process).</summary>
    public static double MillisecondsSince(DateTime start) =>
        (DateTime.UtcNow - start.ToUniversalTime()).TotalMilliseconds;
}
