using System;
using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>One panel of the generated Grafana dashboard (see <see cref="ObservabilityPlan.Panel(DashboardPanel)"/>).</summary>
public sealed class DashboardPanel
{
    /// <summary>Creates a panel.</summary>
    /// <param name="title">The panel title.</param>
    /// <param name="kind">The visualization.</param>
    /// <param name="unit">The Grafana unit of the values (<c>ms</c>, <c>s</c>, <c>short</c>, <c>percentunit</c>, …).</param>
    /// <param name="queries">At least one query.</param>
    public DashboardPanel(string title, PanelKind kind, string unit, params PanelQuery[] queries)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArgumentException("A panel needs a title.", nameof(title));
        }

        if (queries is null || queries.Length == 0 || queries.Any(q => q is null))
        {
            throw new ArgumentException("The panel '" + title + "' needs at least one query (and no null ones).", nameof(queries));
        }

        if (queries.Length > 26)
        {
            throw new ArgumentException("The panel '" + title + "' has more than 26 queries.", nameof(queries));
        }

        Title = title;
        Kind = kind;
        Unit = string.IsNullOrEmpty(unit) ? "short" : unit;
        Queries = queries.ToArray();
    }

    /// <summary>The panel title.</summary>
    public string Title { get; }

    /// <summary>The visualization.</summary>
    public PanelKind Kind { get; }

    /// <summary>The Grafana unit.</summary>
    public string Unit { get; }

    /// <summary>The queries (refId A, B, … in order).</summary>
    public IReadOnlyList<PanelQuery> Queries { get; }

    /// <summary>A description shown in the panel's info tooltip (how to read it, where the data comes from).</summary>
    public string Description { get; init; } = string.Empty;
}
