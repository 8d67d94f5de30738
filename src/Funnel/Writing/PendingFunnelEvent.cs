using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Instrumentation.Funnel.Stores;

namespace Instrumentation.Funnel.Writing;

/// <summary>
/// An event on its way to the store, built from a <see cref="FunnelEvent"/> on the writer thread: ids
/// as text, properties as JSON, a unique <see cref="EventId"/> (so retries are idempotent) and, until it
/// is resolved, what its time-since property is measured from. The spill file holds these, one JSON line each.
/// </summary>
internal sealed class PendingFunnelEvent
{
    public PendingFunnelEvent(Guid eventId, string eventType, DateTimeOffset createdAt, string propertiesJson)
    {
        EventId = eventId;
        EventType = eventType;
        CreatedAt = createdAt;
        PropertiesJson = propertiesJson;
    }

    public Guid EventId { get; }

    public string EventType { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The properties without the time-since property.</summary>
    public string PropertiesJson { get; }

    public string? UserId { get; init; }

    public string? OrgId { get; init; }

    public string? ProjectId { get; init; }

    public string? EntityId { get; init; }

    public bool OncePerEntity { get; init; }

    /// <summary>The entity as emitted (for the "already recorded" cache, which compares values, not text).</summary>
    public FunnelValue EntityKey { get; init; }

    public string? SinceProperty { get; init; }

    public string? SinceEvent { get; init; }

    /// <summary>The instant the time-since property is measured from (null: unknown, written as JSON null).</summary>
    public DateTimeOffset? SinceStart { get; set; }

    /// <summary>True once <see cref="SinceStart"/> is known (or known to be missing).</summary>
    public bool SinceResolved { get; set; }

    /// <summary>Stored, skipped as a duplicate, or set aside: nothing more to do.</summary>
    public bool Done { get; set; }

    /// <summary>The seconds of the time-since property, rounded to milliseconds, never negative.</summary>
    public double? SinceSeconds => SinceStart is { } start ? Math.Max(0, Math.Round((CreatedAt - start).TotalSeconds, 3)) : null;

    public StoredFunnelEvent ToStored() =>
        new(EventType, UserId, OrgId, ProjectId, EntityId, FinalPropertiesJson(), CreatedAt, OncePerEntity && EntityId is not null, EventId);

    /// <summary>The properties with the time-since property added.</summary>
    public string FinalPropertiesJson()
    {
        if (SinceProperty is null)
        {
            return PropertiesJson;
        }

        var value = SinceSeconds is { } seconds ? seconds.ToString("R", CultureInfo.InvariantCulture) : "null";
        var member = "\"" + JsonEncodedText.Encode(SinceProperty).ToString() + "\":" + value;
        return PropertiesJson.Length <= 2 ? "{" + member + "}" : PropertiesJson.Substring(0, PropertiesJson.Length - 1) + "," + member + "}";
    }

    /// <summary>One line of the spill or dead-letter file (with <paramref name="error"/> for the latter).</summary>
    public string ToJsonLine(string? error = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event_id", EventId);
            json.WriteString("event_type", EventType);
            json.WriteString("user_id", UserId);
            json.WriteString("org_id", OrgId);
            json.WriteString("project_id", ProjectId);
            json.WriteString("entity_id", EntityId);
            json.WriteBoolean("once_per_entity", OncePerEntity);
            json.WritePropertyName("properties");
            json.WriteRawValue(PropertiesJson, skipInputValidation: true);
            json.WriteString("created_at", CreatedAt);
            json.WriteString("since_property", SinceProperty);
            json.WriteString("since_event", SinceEvent);
            if (SinceStart is { } start)
            {
                json.WriteString("since_start", start);
            }
            else
            {
                json.WriteNull("since_start");
            }

            json.WriteBoolean("since_resolved", SinceResolved);
            if (error is not null)
            {
                json.WriteString("error", error);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a spill line back.</summary>
    /// <exception cref="JsonException">The line is not a spilled event.</exception>
    public static PendingFunnelEvent FromJsonLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var type = Text("event_type") ?? throw new JsonException("The spilled event has no event_type.");
        var properties = root.TryGetProperty("properties", out var raw) && raw.ValueKind == JsonValueKind.Object ? raw.GetRawText() : throw new JsonException("The spilled event has no properties object.");
        var entity = Text("entity_id");
        return new PendingFunnelEvent(root.GetProperty("event_id").GetGuid(), type, root.GetProperty("created_at").GetDateTimeOffset(), properties)
        {
            UserId = Text("user_id"),
            OrgId = Text("org_id"),
            ProjectId = Text("project_id"),
            EntityId = entity,
            EntityKey = FunnelValue.Text(entity),
            OncePerEntity = root.TryGetProperty("once_per_entity", out var once) && once.ValueKind == JsonValueKind.True,
            SinceProperty = Text("since_property"),
            SinceEvent = Text("since_event"),
            SinceStart = root.TryGetProperty("since_start", out var start) && start.ValueKind == JsonValueKind.String ? start.GetDateTimeOffset() : null,
            SinceResolved = root.TryGetProperty("since_resolved", out var resolved) && resolved.ValueKind == JsonValueKind.True,
        };
    }
}
