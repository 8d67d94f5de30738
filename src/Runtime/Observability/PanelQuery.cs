using System;

namespace Instrumentation.Observability;

/// <summary>One query of a dashboard panel (<see cref="PromExpr.As"/> makes one).</summary>
public sealed class PanelQuery
{
    /// <summary>Creates a query.</summary>
    /// <param name="expression">The PromQL expression.</param>
    /// <param name="legend">The legend of its series (Grafana syntax: <c>{{org}}</c> is the org label).</param>
    public PanelQuery(PromExpr expression, string legend)
    {
        ArgumentNullException.ThrowIfNull(expression);
        Expression = expression;
        Legend = legend ?? string.Empty;
    }

    /// <summary>The PromQL expression.</summary>
    public PromExpr Expression { get; }

    /// <summary>The legend of its series.</summary>
    public string Legend { get; }
}
