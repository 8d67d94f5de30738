using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeIngest.Domain;

namespace EdgeIngest.Cluster;

/// <summary>
/// What one EdgeIngest instance tells the others through PostgreSQL <c>NOTIFY</c>: a stored reading batch
/// (for their dashboards), a revoked device, a new widget or flow (to subscribe), a raised alert.
/// Serialized as compact JSON; a message over <see cref="ClusterNotifier.MaxInlinePayloadBytes"/> travels
/// as a reference to a <c>cluster_payloads</c> row written in the same transaction.
/// </summary>
public sealed record ClusterMessage
{
    public const string ReadingKind = "reading";
    public const string RevokedKind = "revoked";
    public const string WidgetKind = "widget";
    public const string FlowKind = "flow";
    public const string AlertKind = "alert";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One of the <c>*Kind</c> constants.</summary>
    public string Kind { get; init; } = string.Empty;

    public string? OrgId { get; init; }

    public string? ProjectId { get; init; }

    public string? DeviceUuid { get; init; }

    public string? MessageId { get; init; }

    /// <summary>A sensor name as <see cref="SensorKind"/> spells it.</summary>
    public string? Sensor { get; init; }

    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>When the sending instance stored the batch (wall clock): the start of broadcast latency on the receivers.</summary>
    public DateTimeOffset? StoredAt { get; init; }

    /// <summary>A widget or flow id.</summary>
    public string? EntityId { get; init; }

    public Alert? Alert { get; init; }

    /// <summary>The id of a <c>cluster_payloads</c> row holding the real message (payload too large for NOTIFY).</summary>
    public long? PayloadRef { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null when the text is not one (a foreign NOTIFY on the channel).</summary>
    public static ClusterMessage? TryParse(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ClusterMessage>(payload, Json);
            return message is { Kind.Length: > 0 } || message?.PayloadRef is not null ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A reading batch as it was stored.</summary>
    public static ClusterMessage Reading(Instrumentation.TenantContext tenant, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings)
    {
        var values = new double[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            values[i] = readings[i].Value;
        }

        return new ClusterMessage
        {
            Kind = ReadingKind,
            OrgId = tenant.OrgId,
            ProjectId = tenant.ProjectId,
            DeviceUuid = tenant.DeviceUuid,
            MessageId = messageId,
            Sensor = sensor.ToString(),
            Values = values,
            StoredAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The readings of a <see cref="ReadingKind"/> message (values only travel: dashboards show values).</summary>
    public IReadOnlyList<Reading> ReadingsOf()
    {
        var values = Values ?? Array.Empty<double>();
        var at = StoredAt ?? DateTimeOffset.UtcNow;
        var result = new Reading[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new Reading(values[i], at);
        }

        return result;
    }
}
