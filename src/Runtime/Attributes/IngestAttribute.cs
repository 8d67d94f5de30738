using System;

namespace Instrumentation;

/// <summary>
/// Marks an ingest operation. Defaults: <c>ingest_processing_latency_ms</c>, <c>ingest_calls_total</c>,
/// <c>ingest_failures_total</c>, and, when a parameter is marked <see cref="BatchAttribute"/>,
/// <c>ingest_messages_total</c> and <c>ingest_batch_size</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IngestAttribute : InstrumentedOperationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="spanName">The span name, for example <c>ws.ingest.receive</c>.</param>
    public IngestAttribute(string spanName) : base(spanName)
    {
    }

    /// <summary>Name of the messages counter fed by the batch count of each successful call. Null: default; empty: none.</summary>
    public string? MessagesMetric { get; set; }

    /// <summary>
    /// Name of the batch-size histogram, recorded for each successful call (a failed call processed no batch), so its
    /// sum equals the messages counter. Null: default; empty: none.
    /// </summary>
    public string? BatchSizeMetric { get; set; }
}
