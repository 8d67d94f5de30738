using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Instrumentation.Observability;

/// <summary>
/// Renders the telemetry of one assembly as a markdown page: every span grouped by operation with its attributes,
/// metrics (unit, labels and known values, the alert rules and dashboard panels that use them), automatic logs and
/// funnel events; then the log events and funnel events. Deterministic (ordinal order, no timestamps).
/// </summary>
public static class TelemetryDocumentation
{
    /// <summary>Renders the page.</summary>
    /// <param name="catalog">The catalog (for example <c>TelemetryCatalog.Current</c>); only <paramref name="assembly"/>'s items are listed.</param>
    /// <param name="assembly">The assembly whose telemetry is documented.</param>
    /// <param name="plan">The alert rules and dashboard panels (optional).</param>
    /// <param name="generatedBy">The command that writes the page, shown in its header (optional).</param>
    /// <returns>The markdown text (<c>\n</c> line ends).</returns>
    public static string Render(TelemetryCatalog catalog, string assembly, ObservabilityPlan? plan = null, string? generatedBy = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(assembly);
        var own = catalog.ForAssembly(assembly);
        var metrics = own.Metrics;
        var text = new StringBuilder();
        text.Append("# Telemetry of ").Append(assembly).Append("\n\n");
        text.Append("<!-- Generated from the telemetry catalog (docs/telemetry-catalog.md)")
            .Append(generatedBy is null ? string.Empty : " by `" + generatedBy + "`")
            .Append(". Do not edit: regenerate. -->\n\n");
        text.Append(Count(own.Spans.Count, "span")).Append(", ").Append(Count(metrics.Metrics.Count, "metric")).Append(", ")
            .Append(Count(own.LogEvents.Count, "log event")).Append(", ").Append(Count(own.FunnelEvents.Count, "funnel event")).Append(".\n\n");

        text.Append("## Operations\n\n");
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in own.Spans)
        {
            text.Append("### `").Append(span.Name).Append("` (").Append(span.Kind).Append(")\n\n");
            text.Append("Methods: ").Append(string.Join(", ", span.Operations.Select(o => "`" + Method(o) + "`"))).Append("\n\n");
            text.Append("| span attribute | tenant | classification |\n|---|---|---|\n");
            foreach (var attribute in span.Attributes)
            {
                text.Append("| `").Append(attribute.Name).Append("` | ").Append(attribute.IsTenant ? "yes" : "—").Append(" | ").Append(attribute.Classification ?? "—").Append(" |\n");
            }

            text.Append('\n');
            var used = span.Metrics.Select(metrics.Find).Where(m => m is not null).Select(m => m!).ToList();
            if (used.Count > 0)
            {
                AppendMetrics(text, used, plan);
                documented.UnionWith(used.Select(m => m.Name));
            }

            text.Append("Logs: ").Append(string.Join(", ", span.Logs)).Append(".\n");
            var funnels = own.FunnelEvents.Where(f => f.Operations.Any(span.Operations.Contains)).Select(f => "`" + f.Name + "`").ToList();
            if (funnels.Count > 0)
            {
                text.Append("Funnel events: ").Append(string.Join(", ", funnels)).Append(".\n");
            }

            text.Append('\n');
        }

        var other = metrics.Metrics.Where(m => !documented.Contains(m.Name)).ToList();
        if (other.Count > 0)
        {
            text.Append("## Other metrics\n\n");
            AppendMetrics(text, other, plan);
        }

        text.Append("## Log events\n\n");
        if (own.LogEvents.Count == 0)
        {
            text.Append("None.\n\n");
        }
        else
        {
            text.Append("| category | id | name | level | template | fields |\n|---|---|---|---|---|---|\n");
            foreach (var log in own.LogEvents)
            {
                text.Append("| `").Append(log.Category).Append("` | ").Append(log.EventId.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(log.Name).Append(" | ").Append(log.Level)
                    .Append(" | ").Append(Cell(log.Template)).Append(" | ").Append(Fields(log.Fields)).Append(" |\n");
            }

            text.Append('\n');
        }

        text.Append("## Funnel events\n\n");
        if (own.FunnelEvents.Count == 0)
        {
            text.Append("None.\n");
        }
        else
        {
            text.Append("| event | once per entity | properties | methods |\n|---|---|---|---|\n");
            foreach (var funnel in own.FunnelEvents)
            {
                text.Append("| `").Append(funnel.Name).Append("` | ").Append(funnel.OncePerEntity ? "yes" : "no")
                    .Append(" | ").Append(Fields(funnel.Properties))
                    .Append(" | ").Append(string.Join(", ", funnel.Operations.Select(o => "`" + Method(o) + "`"))).Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static void AppendMetrics(StringBuilder text, IReadOnlyList<MetricDescriptor> metrics, ObservabilityPlan? plan)
    {
        text.Append("| metric | type | unit | labels | alert rules | dashboard panels |\n|---|---|---|---|---|---|\n");
        foreach (var metric in metrics)
        {
            var alerts = plan?.Alerts.Where(a => a.Condition.Metrics.Contains(metric.Name)).Select(a => a.Name).Distinct().ToList() ?? [];
            var panels = plan?.Panels.Where(p => p.Queries.Any(q => q.Expression.Metrics.Contains(metric.Name))).Select(p => p.Title).Distinct().ToList() ?? [];
            text.Append("| `").Append(metric.Name).Append("` | ").Append(Camel(metric.Kind.ToString()))
                .Append(" | ").Append(Cell(metric.Unit.Length == 0 ? "—" : metric.Unit))
                .Append(" | ").Append(metric.Labels.Count == 0 ? "—" : string.Join("; ", metric.Labels.Select(Label)))
                .Append(" | ").Append(alerts.Count == 0 ? "—" : Cell(string.Join(", ", alerts)))
                .Append(" | ").Append(panels.Count == 0 ? "—" : Cell(string.Join(", ", panels))).Append(" |\n");
        }

        text.Append('\n');
    }

    /// <summary>A label and its values: all of them (closed), the expected ones then "…", or "(any)".</summary>
    private static string Label(MetricLabel label) => label.ValueKind switch
    {
        MetricLabelValues.Closed when label.Values.Count > 0 => "`" + label.Name + "`: " + Cell(string.Join(", ", label.Values)),
        MetricLabelValues.Expected when label.Values.Count > 0 => "`" + label.Name + "`: " + Cell(string.Join(", ", label.Values)) + ", …",
        _ => "`" + label.Name + "` (any)",
    };

    private static string Fields(IReadOnlyList<TelemetryField> fields) =>
        fields.Count == 0 ? "—" : string.Join(", ", fields.Select(f => "`" + f.Name + "`" + (f.Classification is null ? string.Empty : " (" + f.Classification + ")")));

    /// <summary>A documentation id without its <c>M:</c> prefix and parameter list: <c>Ns.Type.Method</c>.</summary>
    private static string Method(string documentationId)
    {
        var text = documentationId.StartsWith("M:", StringComparison.Ordinal) ? documentationId.Substring(2) : documentationId;
        var paren = text.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? text : text.Substring(0, paren);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // "1 funnel event", "2 funnel events" (a newcomer read "1 funnel events").
    private static string Count(int count, string noun) => Invariant($"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
