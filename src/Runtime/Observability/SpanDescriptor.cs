using System.Collections.Generic;

namespace Instrumentation.Observability;

/// <summary>A span the generated code starts: its name, operation kind, attributes and the operations emitting it.</summary>
public sealed class SpanDescriptor
{
    /// <summary>Creates a span descriptor.</summary>
    /// <param name="assembly">The assembly that declares it.</param>
    /// <param name="name">The span name.</param>
    /// <param name="kind">The operation kind (<c>ingest</c>, <c>broadcast</c>, <c>flow</c>, <c>flowNode</c>, <c>operation</c>).</param>
    /// <param name="operations">The documentation ids of the annotated methods emitting it.</param>
    /// <param name="attributes">Its attributes (tenant and marked parameters).</param>
    /// <param name="logs">The automatic operation logs it can write (<c>OperationFailed</c>, <c>OperationStarted</c>, <c>OperationCompleted</c>).</param>
    /// <param name="metrics">The names of the metrics its operations record.</param>
    public SpanDescriptor(
        string assembly,
        string name,
        string kind,
        IReadOnlyList<string> operations,
        IReadOnlyList<TelemetryField> attributes,
        IReadOnlyList<string> logs,
        IReadOnlyList<string> metrics)
    {
        Assembly = assembly ?? string.Empty;
        Name = name ?? string.Empty;
        Kind = kind ?? string.Empty;
        Operations = operations ?? [];
        Attributes = attributes ?? [];
        Logs = logs ?? [];
        Metrics = metrics ?? [];
    }

    /// <summary>The assembly that declares it.</summary>
    public string Assembly { get; }

    /// <summary>The span name (its identity in the catalog).</summary>
    public string Name { get; }

    /// <summary>The operation kind: <c>ingest</c>, <c>broadcast</c>, <c>flow</c>, <c>flowNode</c> or <c>operation</c>.</summary>
    public string Kind { get; }

    /// <summary>The documentation ids of the annotated methods emitting it, ordered.</summary>
    public IReadOnlyList<string> Operations { get; }

    /// <summary>Its attributes, ordered by name.</summary>
    public IReadOnlyList<TelemetryField> Attributes { get; }

    /// <summary>The automatic operation logs its operations can write.</summary>
    public IReadOnlyList<string> Logs { get; }

    /// <summary>The names of the metrics its operations record (see <see cref="MetricCatalog"/>).</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
