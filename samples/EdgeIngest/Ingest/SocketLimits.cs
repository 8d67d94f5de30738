using System;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>The time limits of a device socket (docs/operations.md).</summary>
/// <param name="IdleTimeout">How long an authenticated device may send nothing before it is closed (<c>--idle-timeout</c>).</param>
/// <param name="FrameTimeout">How long a started frame may take to finish (<c>--frame-timeout</c>): a slow sender cannot hold a buffer forever.</param>
public sealed record SocketLimits(TimeSpan IdleTimeout, TimeSpan FrameTimeout)
{
    /// <summary>5 minutes idle (a device reporting every minute stays open), 10 seconds to finish a frame.</summary>
    public static SocketLimits Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
}

/// <summary>Which limit closed a socket (the <c>limit</c> label of <c>ws_timeouts_total</c>).</summary>
public enum SocketTimeout
{
    /// <summary>Nothing was received for the idle timeout.</summary>
    Idle,

    /// <summary>A frame was started and not finished in time.</summary>
    Frame,
}

/// <summary>Counts sockets closed by a time limit (<c>ws_timeouts_total{limit}</c>).</summary>
public sealed class SocketEvents
{
    /// <summary>One socket closed because a time limit was reached.</summary>
    [Operation("ws.timeout", DurationMetric = "", CallsMetric = "ws_timeouts_total", FailuresMetric = "")]
    public void TimedOut([MetricLabel("limit")] SocketTimeout limit)
    {
    }
}
