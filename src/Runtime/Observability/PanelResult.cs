using System;
using System.Collections.Generic;

namespace Instrumentation.Observability;

/// <summary>A dashboard panel evaluated over a time range: its status, why it has no data if so, and its series.</summary>
public sealed class PanelResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="panel">The panel.</param>
    /// <param name="status">The outcome.</param>
    /// <param name="reason">Why the status is not <see cref="PanelStatus.Ok"/> (null when it is).</param>
    /// <param name="series">The series (empty unless <see cref="PanelStatus.Ok"/>).</param>
    public PanelResult(DashboardPanel panel, PanelStatus status, string? reason, IReadOnlyList<PanelSeries> series)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(series);
        Panel = panel;
        Status = status;
        Reason = reason;
        Series = series;
    }

    /// <summary>The panel.</summary>
    public DashboardPanel Panel { get; }

    /// <summary>The outcome.</summary>
    public PanelStatus Status { get; }

    /// <summary>Why the status is not <see cref="PanelStatus.Ok"/>; null when it is.</summary>
    public string? Reason { get; }

    /// <summary>The series of every query of the panel, in query order.</summary>
    public IReadOnlyList<PanelSeries> Series { get; }
}
