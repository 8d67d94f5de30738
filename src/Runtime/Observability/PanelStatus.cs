namespace Instrumentation.Observability;

/// <summary>The outcome of evaluating a dashboard panel (see <see cref="PanelEvaluator"/>).</summary>
public enum PanelStatus
{
    /// <summary>At least one series with at least one point.</summary>
    Ok,

    /// <summary>The queries are supported but returned no point yet (nothing recorded, or too few samples for a rate).</summary>
    NoData,

    /// <summary>A query cannot be evaluated from the data at hand; <see cref="PanelResult.Reason"/> says why. Never a wrong number instead.</summary>
    Unsupported,
}
