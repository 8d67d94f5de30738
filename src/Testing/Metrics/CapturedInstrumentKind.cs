namespace Instrumentation.Testing;

/// <summary>The kind of instrument a measurement was recorded on.</summary>
public enum CapturedInstrumentKind
{
    /// <summary>Any other instrument (for example an observable one).</summary>
    Other,

    /// <summary>A <c>Counter&lt;T&gt;</c>.</summary>
    Counter,

    /// <summary>An <c>UpDownCounter&lt;T&gt;</c>.</summary>
    UpDownCounter,

    /// <summary>A <c>Histogram&lt;T&gt;</c>.</summary>
    Histogram,

    /// <summary>A <c>Gauge&lt;T&gt;</c>.</summary>
    Gauge,
}
