namespace Instrumentation.Observability;

/// <summary>The Grafana visualization of a dashboard panel.</summary>
public enum PanelKind
{
    /// <summary>Lines over time (<c>timeseries</c>).</summary>
    TimeSeries,

    /// <summary>One big number per query, with a sparkline (<c>stat</c>).</summary>
    Stat,

    /// <summary>A table of the series' current values, one row per series (<c>table</c>, instant queries).</summary>
    Table,
}
