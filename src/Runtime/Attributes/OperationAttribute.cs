using System;

namespace Instrumentation;

/// <summary>
/// Marks a generic operation (database write, time-series write, auth check, background job).
/// Default metric names derive from the span name: <c>db.sensor.insert</c> gives
/// <c>db_sensor_insert_duration_ms</c>, <c>db_sensor_insert_calls_total</c> and
/// <c>db_sensor_insert_failures_total</c>; with a <see cref="BatchAttribute"/> parameter also
/// <c>db_sensor_insert_messages_total</c> and <c>db_sensor_insert_batch_size</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OperationAttribute : InstrumentedOperationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="spanName">The span name, for example <c>db.sensor.insert</c>.</param>
    public OperationAttribute(string spanName) : base(spanName)
    {
    }

    /// <summary>Tenant context is optional for generic operations; set true to require it (analyzer).</summary>
    public bool RequireTenant { get; set; }

    /// <summary>
    /// Name of an up-down counter of calls in progress (for example <c>ws_connections_active</c> on a
    /// connection handler). Null or empty: none. Its labels come from <see cref="MetricLabelAttribute"/>
    /// parameters that apply to <see cref="MetricTargets.Active"/>.
    /// </summary>
    public string? ActiveMetric { get; set; }

    /// <summary>
    /// Name of the counter of messages in the batches the operation processed, fed by its <see cref="BatchAttribute"/>
    /// parameter (only calls that succeed). Null: <c>&lt;span name&gt;_messages_total</c>; empty: none.
    /// </summary>
    public string? MessagesMetric { get; set; }

    /// <summary>
    /// Name of the histogram of batch sizes, fed by the operation's <see cref="BatchAttribute"/> parameter (only calls
    /// that succeed). Null: <c>&lt;span name&gt;_batch_size</c>; empty: none.
    /// </summary>
    public string? BatchSizeMetric { get; set; }
}
