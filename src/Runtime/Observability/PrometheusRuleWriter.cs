using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Instrumentation.Observability;

/// <summary>
/// Renders a plan's alerts as a Prometheus rule file. Every string is written as a YAML double-quoted
/// scalar (JSON string escaping is a subset of it), so PromQL braces, quotes and colons need no care.
/// </summary>
internal static class PrometheusRuleWriter
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ObservabilityPlan plan)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Prometheus alerting rules for ").Append(plan.Title).Append(", generated from the metric catalog. Do not edit by hand.\n");
        if (!string.IsNullOrEmpty(plan.GeneratedBy))
        {
            yaml.Append("# Regenerate with: ").Append(plan.GeneratedBy.Replace('\n', ' ')).Append('\n');
        }

        yaml.Append("groups:\n");
        yaml.Append("  - name: ").Append(Quote(plan.Title)).Append('\n');
        if (plan.Alerts.Count == 0)
        {
            yaml.Append("    rules: []\n");
            return yaml.ToString();
        }

        yaml.Append("    rules:\n");
        foreach (var rule in plan.Alerts)
        {
            yaml.Append("      - alert: ").Append(Quote(rule.Name)).Append('\n');
            yaml.Append("        expr: ").Append(Quote(rule.Condition.Text)).Append('\n');
            if (rule.For > System.TimeSpan.Zero)
            {
                yaml.Append("        for: ").Append(PromDuration.Format(rule.For)).Append('\n');
            }

            yaml.Append("        labels:\n");
            yaml.Append("          severity: ").Append(Quote(rule.SeverityLabel)).Append('\n');
            yaml.Append("        annotations:\n");
            yaml.Append("          summary: ").Append(Quote(rule.Summary)).Append('\n');
            if (rule.Description.Length > 0)
            {
                yaml.Append("          description: ").Append(Quote(rule.Description)).Append('\n');
            }
        }

        return yaml.ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, Quoting);
}
