namespace Instrumentation.Observability;

/// <summary>The kind of instrument behind a metric, as the Prometheus exposition shows it.</summary>
public enum MetricInstrumentKind
{
    /// <summary>A monotonic counter (<c>Counter&lt;T&gt;</c>), exposed as a Prometheus counter.</summary>
    Counter,

    /// <summary>A histogram, exposed as <c>&lt;name&gt;_bucket{le=…}</c>, <c>&lt;name&gt;_sum</c> and <c>&lt;name&gt;_count</c>.</summary>
    Histogram,

    /// <summary>An up-down counter (<c>UpDownCounter&lt;T&gt;</c>), exposed as a Prometheus gauge.</summary>
    UpDownCounter,

    /// <summary>A gauge (last value), exposed as a Prometheus gauge.</summary>
    Gauge,
}
