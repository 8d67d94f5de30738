using System;

namespace Instrumentation;

/// <summary>
/// Base class of the operation attributes. Putting one of the derived attributes on a method makes
/// the generator wrap every call of that method in the compilation with a span, metrics and logs.
/// </summary>
/// <remarks>
/// Metric name properties: <see langword="null"/> (the default) means the kind's default name;
/// an empty string turns that instrument off.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public abstract class InstrumentedOperationAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <remarks>
    /// Only the SDK's own attributes derive from this class (the constructor is <c>private protected</c>): the
    /// generator recognises exactly those, so an attribute derived elsewhere would silently instrument nothing.
    /// </remarks>
    /// <param name="spanName">The span name: lower-case dotted segments, for example <c>ws.ingest.receive</c>.</param>
    private protected InstrumentedOperationAttribute(string spanName)
    {
        SpanName = spanName;
    }

    /// <summary>The span name: lower-case dotted segments, for example <c>ws.ingest.receive</c>.</summary>
    public string SpanName { get; }

    /// <summary>Name of the duration histogram (unit ms). Null: the kind's default; empty: none.</summary>
    public string? DurationMetric { get; set; }

    /// <summary>Name of the calls counter. Null: the kind's default; empty: none.</summary>
    public string? CallsMetric { get; set; }

    /// <summary>Name of the failures counter. Null: the kind's default; empty: none.</summary>
    public string? FailuresMetric { get; set; }

    /// <summary>Instruments that get the tenant's org id as the <c>org</c> label (opt-in; default none).</summary>
    public MetricTargets OrgLabel { get; set; }

    /// <summary>Instruments that get the tenant's project id as the <c>project</c> label (opt-in; default none).</summary>
    public MetricTargets ProjectLabel { get; set; }

    /// <summary>
    /// Label that carries the failure reason on the failures counter: the exception's
    /// <see cref="IHasErrorCode.ErrorCode"/> when it has one, otherwise the exception type name
    /// (both are bounded by the code base, so the label stays low-cardinality).
    /// Null: the default (<c>reason</c> for flows and flow nodes, none for other kinds); empty: none.
    /// </summary>
    public string? FailureReasonLabel { get; set; }

    /// <summary>
    /// The failure reasons this operation expects: values of its failure reason label (error codes of
    /// <see cref="IHasErrorCode"/> exceptions, or exception type names), for example
    /// <c>FailureReasons = new[] { "invalid_token", "device_revoked" }</c>.
    /// </summary>
    /// <remarks>
    /// The reasons are listed in the metric catalog (<c>Instrumentation.Observability.MetricCatalog</c>), and
    /// the failures counter is exported with 0 for each of them as soon as a meter provider registered with
    /// <c>AddGeneratedInstrumentation()</c> listens, so that <c>increase()</c> and <c>rate()</c> alerts see
    /// the first failure. Other reasons are still counted when they happen. Setting it without
    /// <see cref="FailureReasonLabel"/> adds the label <c>reason</c>. Empty or repeated values, or reasons
    /// with no label or no failures counter to describe, are reported as INS0010.
    /// </remarks>
    public string[]? FailureReasons { get; set; }

    /// <summary>
    /// When true and the operation would be the root of a trace that the sampler does not sample, no
    /// propagation-only <c>Activity</c> is created (0 B). Nested and downstream spans then make their
    /// own sampling decision. Default false. Can be turned on for a whole project with the MSBuild
    /// property <c>InstrumentationSkipUnsampledRoots</c>.
    /// </summary>
    public bool SkipUnsampledRoot { get; set; }

    /// <summary>
    /// The span's kind: <see cref="System.Diagnostics.ActivityKind.Internal"/> (the default) for work inside the process;
    /// <c>Client</c> for a call to another service, <c>Producer</c>/<c>Consumer</c> for sending and handling messages,
    /// <c>Server</c> for handling a request the framework does not already trace. Service maps and messaging views read
    /// it; the sampler is offered it. A value that is not one of <see cref="System.Diagnostics.ActivityKind"/>'s members
    /// (a cast number) is taken as <c>Internal</c>.
    /// </summary>
    public System.Diagnostics.ActivityKind Kind { get; set; }

    /// <summary>Writes a log line when the operation starts (opt-in).</summary>
    public bool LogStart { get; set; }

    /// <summary>Writes a log line with the duration when the operation completes (opt-in).</summary>
    public bool LogCompletion { get; set; }
}
