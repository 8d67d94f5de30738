using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Instrumentation.Observability;

/// <summary>Reads the JSON sections generated code registers (docs/telemetry-catalog.md) into descriptors.</summary>
internal static class TelemetryCatalogJson
{
    public static void Read(
        string assembly,
        string section,
        string json,
        List<SpanDescriptor> spans,
        List<LogEventDescriptor> logs,
        List<FunnelEventDescriptor> funnels)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                switch (section)
                {
                    case TelemetryCatalog.SpansSection:
                        spans.Add(new SpanDescriptor(
                            assembly,
                            Text(item, "name"),
                            Text(item, "kind"),
                            Texts(item, "operations"),
                            Fields(item, "attributes"),
                            Texts(item, "logs"),
                            Texts(item, "metrics")));
                        break;
                    case TelemetryCatalog.LogEventsSection:
                        logs.Add(new LogEventDescriptor(
                            assembly,
                            Text(item, "category"),
                            item.TryGetProperty("eventId", out var id) && id.TryGetInt32(out var eventId) ? eventId : 0,
                            Text(item, "name"),
                            Text(item, "level"),
                            Text(item, "template"),
                            Fields(item, "fields")));
                        break;
                    case TelemetryCatalog.FunnelEventsSection:
                        funnels.Add(new FunnelEventDescriptor(
                            assembly,
                            Text(item, "name"),
                            item.TryGetProperty("oncePerEntity", out var once) && once.ValueKind == JsonValueKind.True,
                            Texts(item, "operations"),
                            Fields(item, "properties")));
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Generated text is well-formed; a hand-made registration that is not is ignored, never thrown at the app.
        }
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string[] Texts(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString() ?? string.Empty).ToArray()
            : [];

    private static TelemetryField[] Fields(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
                .Where(v => v.ValueKind == JsonValueKind.Object)
                .Select(v => new TelemetryField(
                    Text(v, "name"),
                    v.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.True,
                    v.TryGetProperty("classification", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null))
                .ToArray()
            : [];
}
