using System;

namespace Instrumentation;

/// <summary>The argument becomes a span attribute.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SpanAttributeAttribute : Attribute
{
    /// <summary>Uses the parameter name in snake case as the attribute name.</summary>
    public SpanAttributeAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the attribute name.</summary>
    public SpanAttributeAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The attribute name, or null for the parameter name in snake case.</summary>
    public string? Name { get; }
}

/// <summary>
/// The argument becomes a metric label. Only low-cardinality values are allowed: enums, bools,
/// and strings constrained with <see cref="BoundedValuesAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class MetricLabelAttribute : Attribute
{
    /// <summary>Uses the parameter name in snake case as the label name.</summary>
    public MetricLabelAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the label name.</summary>
    public MetricLabelAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The label name, or null for the parameter name in snake case.</summary>
    public string? Name { get; }

    /// <summary>The instruments that carry this label. Default: all of the operation's instruments.</summary>
    public MetricTargets AppliesTo { get; set; } = MetricTargets.All;
}

/// <summary>Declares the bounded set of values a string metric label can take.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class BoundedValuesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="values">Every value the label may take. Other values are recorded as <c>other</c>.</param>
    public BoundedValuesAttribute(params string[] values)
    {
        Values = values;
    }

    /// <summary>Every value the label may take.</summary>
    public string[] Values { get; }
}

/// <summary>
/// The argument becomes a log field carried by every log line written inside the operation
/// (for example <c>request_id</c>, <c>connection_id</c>, <c>message_id</c>, <c>widget_id</c>,
/// <c>flow_id</c>, <c>exec_id</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class LogFieldAttribute : Attribute
{
    /// <summary>Uses the parameter name in snake case as the field name.</summary>
    public LogFieldAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the field name.</summary>
    public LogFieldAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The field name, or null for the parameter name in snake case.</summary>
    public string? Name { get; }
}

/// <summary>
/// The argument is a batch: its count feeds the messages counter and the batch-size histogram of an
/// <see cref="IngestAttribute"/> or <see cref="OperationAttribute"/> method (a flow, flow node or broadcast has
/// neither: INS0004 there). Allowed types: arrays, <c>ICollection&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>,
/// <c>ReadOnlyMemory&lt;T&gt;</c>/<c>Memory&lt;T&gt;</c> and integer counts.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class BatchAttribute : Attribute
{
}

/// <summary>The integer argument is the current queue size of a broadcast operation.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class QueueSizeAttribute : Attribute
{
}

/// <summary>
/// The argument is a <c>System.Diagnostics.Stopwatch.GetTimestamp()</c> value (long) or a
/// <see cref="DateTimeOffset"/> from which the duration histogram is measured, instead of the
/// start of the call (for example ingest → broadcast latency).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class LatencyStartAttribute : Attribute
{
}

/// <summary>The argument (string or Guid) is the tenant's organization id.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class OrgIdAttribute : Attribute
{
}

/// <summary>The argument (string or Guid) is the tenant's project id.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ProjectIdAttribute : Attribute
{
}

/// <summary>The argument (string or Guid) is the device uuid of the operation.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class DeviceUuidAttribute : Attribute
{
}

/// <summary>The argument is not used by the instrumentation at all (no span attribute, label or log field).</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NotInstrumentedAttribute : Attribute
{
}
