using System;
using System.Diagnostics;

namespace Instrumentation.Operations;

/// <summary>Duration helpers for generated code (monotonic clock, milliseconds as double).</summary>
public static class OperationTiming
{
    /// <summary>Milliseconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public static double ElapsedMilliseconds(long startTimestamp) =>
        Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>Milliseconds since a wall-clock instant (for latencies that began in another process).</summary>
    public static double MillisecondsSince(DateTimeOffset start) =>
        (DateTimeOffset.UtcNow - start).TotalMilliseconds;

    /// <summary>Milliseconds since a wall-clock instant (for latencies that began in another process).</summary>
    public static double MillisecondsSince(DateTime start) =>
        (DateTime.UtcNow - start.ToUniversalTime()).TotalMilliseconds;
}
