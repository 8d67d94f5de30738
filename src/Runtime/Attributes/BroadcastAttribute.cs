using System;

namespace Instrumentation;

/// <summary>
/// Marks a broadcast operation. Defaults: <c>broadcast_latency_ms</c>, <c>broadcast_calls_total</c>,
/// <c>broadcast_failures_total</c>, and <c>broadcast_queue_size</c> when a parameter is marked
/// <see cref="QueueSizeAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class BroadcastAttribute : InstrumentedOperationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="spanName">The span name, for example <c>ws.broadcast.widget</c>.</param>
    public BroadcastAttribute(string spanName) : base(spanName)
    {
    }

    /// <summary>Name of the queue-size gauge, recorded with the value of the <see cref="QueueSizeAttribute"/> parameter on each call. Null: default; empty: none.</summary>
    public string? QueueSizeMetric { get; set; }
}
