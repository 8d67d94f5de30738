using System;
using System.Text.RegularExpressions;

namespace Instrumentation.Observability;

/// <summary>One Prometheus alerting rule (see <see cref="ObservabilityPlan.Alert"/>).</summary>
public sealed class AlertRule
{
    private static readonly Regex NamePattern = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    /// <summary>Creates a rule.</summary>
    /// <param name="name">The alert name (<c>alertname</c>), letters, digits and underscores, for example <c>IngestLatencyHigh</c>.</param>
    /// <param name="severity">The <c>severity</c> label.</param>
    /// <param name="condition">A comparison; the alert fires for each series it returns.</param>
    /// <param name="summary">One line for humans (the <c>summary</c> annotation; may use <c>{{ $value }}</c> and <c>{{ $labels.org }}</c>).</param>
    /// <param name="description">More detail, for example what to check first (the <c>description</c> annotation).</param>
    /// <param name="for">How long the condition must hold before the alert fires (zero: at once).</param>
    public AlertRule(string name, AlertSeverity severity, PromExpr condition, string summary, string? description = null, TimeSpan? @for = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (name is null || !NamePattern.IsMatch(name))
        {
            throw new ArgumentException("An alert name uses letters, digits and underscores and does not start with a digit, for example 'IngestLatencyHigh'; '" + name + "' does not.", nameof(name));
        }

        if (!condition.IsComparison)
        {
            throw new ArgumentException(
                "The alert '" + name + "' fires on '" + condition.Text + "', which is not a comparison: it would fire whenever the series exists. Compare it, for example '… > 0.5'.",
                nameof(condition));
        }

        if (string.IsNullOrWhiteSpace(summary))
        {
            throw new ArgumentException("The alert '" + name + "' needs a summary.", nameof(summary));
        }

        var pending = @for ?? TimeSpan.Zero;
        _ = PromDuration.FormatOrZero(pending, "'for' of alert '" + name + "'");
        Name = name;
        Severity = severity;
        Condition = condition;
        Summary = summary;
        Description = description ?? string.Empty;
        For = pending;
    }

    /// <summary>The alert name.</summary>
    public string Name { get; }

    /// <summary>The <c>severity</c> label.</summary>
    public AlertSeverity Severity { get; }

    /// <summary>The comparison the alert fires on.</summary>
    public PromExpr Condition { get; }

    /// <summary>The <c>summary</c> annotation.</summary>
    public string Summary { get; }

    /// <summary>The <c>description</c> annotation (empty: none).</summary>
    public string Description { get; }

    /// <summary>How long the condition must hold before the alert fires.</summary>
    public TimeSpan For { get; }

    /// <summary>The <c>severity</c> label's value.</summary>
    public string SeverityLabel => Severity switch
    {
        AlertSeverity.Page => "page",
        AlertSeverity.Critical => "critical",
        _ => "warning",
    };
}
