using System;

namespace Instrumentation;

/// <summary>
/// Marks a flow execution. Defaults: <c>flow_exec_duration_ms</c>, <c>flow_exec_total</c>,
/// <c>flow_failures_total</c> and the up-down counter <c>flow_exec_active</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FlowAttribute : InstrumentedOperationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="spanName">The span name, for example <c>flow.execute</c>.</param>
    public FlowAttribute(string spanName) : base(spanName)
    {
    }

    /// <summary>Name of the active-executions up-down counter. Null: default; empty: none.</summary>
    public string? ActiveMetric { get; set; }
}
