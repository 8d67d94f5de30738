using System;

namespace Instrumentation;

/// <summary>
/// Marks the execution of one flow node. Defaults: <c>node_exec_duration_ms</c>,
/// <c>node_exec_total</c>, <c>node_failures_total</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FlowNodeAttribute : InstrumentedOperationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="spanName">The span name, for example <c>flow.node.execute</c>.</param>
    public FlowNodeAttribute(string spanName) : base(spanName)
    {
    }
}
