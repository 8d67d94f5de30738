using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Instrumentation.Observability;

/// <summary>
/// Renders a plan's panels as a Grafana dashboard (schema 39): two panels per row, a <c>datasource</c>
/// variable for the Prometheus data source, literal PromQL (no Grafana-only variables, so every query can
/// be checked against Prometheus itself). Table panels use instant queries.
/// </summary>
internal static class GrafanaDashboardWriter
{
    private const int Width = 12;
    private const int Height = 8;
    private const string DataSourceVariable = "${datasource}";

    public static string Write(ObservabilityPlan plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("title", plan.Title);
            json.WriteString("uid", Uid(plan.Title));
            json.WriteString("description", "Generated from the metric catalog" + (string.IsNullOrEmpty(plan.GeneratedBy) ? "." : ": " + plan.GeneratedBy));
            json.WriteStartArray("tags");
            json.WriteStringValue("generated");
            json.WriteEndArray();
            json.WriteString("timezone", "utc");
            json.WriteNumber("schemaVersion", 39);
            json.WriteNumber("version", 1);
            json.WriteBoolean("editable", true);
            json.WriteString("refresh", "30s");
            json.WriteStartObject("time");
            json.WriteString("from", "now-6h");
            json.WriteString("to", "now");
            json.WriteEndObject();
            WriteTemplating(json);
            json.WriteStartObject("annotations");
            json.WriteStartArray("list");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("panels");
            for (var i = 0; i < plan.Panels.Count; i++)
            {
                WritePanel(json, plan.Panels[i], i);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A stable uid from the title: lower-case letters and digits, dashes between words (at most 40 characters).</summary>
    public static string Uid(string title)
    {
        var uid = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                uid.Append(c);
            }
            else if (uid.Length > 0 && uid[^1] != '-')
            {
                uid.Append('-');
            }
        }

        var text = uid.ToString().Trim('-');
        text = text.Length > 40 ? text[..40].TrimEnd('-') : text;
        return text.Length == 0 ? "generated" : text;
    }

    private static void WriteTemplating(Utf8JsonWriter json)
    {
        json.WriteStartObject("templating");
        json.WriteStartArray("list");
        json.WriteStartObject();
        json.WriteString("name", "datasource");
        json.WriteString("label", "Prometheus");
        json.WriteString("type", "datasource");
        json.WriteString("query", "prometheus");
        json.WriteNumber("hide", 0);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDataSource(Utf8JsonWriter json)
    {
        json.WriteStartObject("datasource");
        json.WriteString("type", "prometheus");
        json.WriteString("uid", DataSourceVariable);
        json.WriteEndObject();
    }

    private static void WritePanel(Utf8JsonWriter json, DashboardPanel panel, int index)
    {
        json.WriteStartObject();
        json.WriteNumber("id", index + 1);
        json.WriteString("type", panel.Kind switch { PanelKind.Stat => "stat", PanelKind.Table => "table", _ => "timeseries" });
        json.WriteString("title", panel.Title);
        if (panel.Description.Length > 0)
        {
            json.WriteString("description", panel.Description);
        }

        WriteDataSource(json);
        json.WriteStartObject("gridPos");
        json.WriteNumber("h", Height);
        json.WriteNumber("w", Width);
        json.WriteNumber("x", (index % 2) * Width);
        json.WriteNumber("y", (index / 2) * Height);
        json.WriteEndObject();
        json.WriteStartObject("fieldConfig");
        json.WriteStartObject("defaults");
        json.WriteString("unit", panel.Unit);
        json.WriteEndObject();
        json.WriteStartArray("overrides");
        json.WriteEndArray();
        json.WriteEndObject();
        WriteOptions(json, panel.Kind);
        if (panel.Kind == PanelKind.Table)
        {
            // The instant query's Time column says nothing in a ranking.
            json.WriteStartArray("transformations");
            json.WriteStartObject();
            json.WriteString("id", "organize");
            json.WriteStartObject("options");
            json.WriteStartObject("excludeByName");
            json.WriteBoolean("Time", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartArray("targets");
        foreach (var (query, i) in panel.Queries.Select((q, i) => (q, i)))
        {
            json.WriteStartObject();
            json.WriteString("refId", ((char)('A' + i)).ToString());
            WriteDataSource(json);
            json.WriteString("expr", query.Expression.Text);
            json.WriteString("legendFormat", query.Legend);
            var instant = panel.Kind == PanelKind.Table;
            json.WriteBoolean("instant", instant);
            json.WriteBoolean("range", !instant);
            if (instant)
            {
                json.WriteString("format", "table");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter json, PanelKind kind)
    {
        json.WriteStartObject("options");
        switch (kind)
        {
            case PanelKind.Stat:
                json.WriteStartObject("reduceOptions");
                json.WriteStartArray("calcs");
                json.WriteStringValue("lastNotNull");
                json.WriteEndArray();
                json.WriteString("fields", string.Empty);
                json.WriteBoolean("values", false);
                json.WriteEndObject();
                json.WriteString("colorMode", "value");
                json.WriteString("graphMode", "area");
                json.WriteString("textMode", "value_and_name");
                break;
            case PanelKind.Table:
                json.WriteBoolean("showHeader", true);
                break;
            default:
                json.WriteStartObject("legend");
                json.WriteString("displayMode", "list");
                json.WriteString("placement", "bottom");
                json.WriteBoolean("showLegend", true);
                json.WriteEndObject();
                json.WriteStartObject("tooltip");
                json.WriteString("mode", "multi");
                json.WriteString("sort", "desc");
                json.WriteEndObject();
                break;
        }

        json.WriteEndObject();
    }
}
