using System;
using System.Collections.Generic;
using Instrumentation.Funnel;
using Instrumentation.Testing.Internal;

namespace Instrumentation.Testing;

/// <summary>
/// A product-funnel event emitted in the scope of a <see cref="TelemetryCapture"/>, as generated code built it
/// (before any store). Every emit is captured: a once-per-entity event emitted twice appears twice here, with
/// <see cref="OncePerEntity"/> set — the store keeps one.
/// </summary>
public sealed class CapturedFunnelEvent
{
    private CapturedFunnelEvent(in FunnelEvent item)
    {
        EventType = item.EventType;
        UserId = item.UserId.ToString();
        OrgId = item.OrgId.ToString();
        ProjectId = item.ProjectId.ToString();
        EntityId = item.EntityId.ToString();
        OncePerEntity = item.OncePerEntity;
        SinceProperty = item.SinceProperty;
        CreatedAt = item.CreatedAt;
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < item.Properties.Count; i++)
        {
            properties[item.Properties.NameAt(i)] = item.Properties.SafeValueAt(i).ToString();
        }

        Properties = properties;
    }

    /// <summary>The event name, for example <c>DeviceRegistered</c>.</summary>
    public string EventType { get; }

    /// <summary>The user id as text, when known.</summary>
    public string? UserId { get; }

    /// <summary>The organization id as text, when known.</summary>
    public string? OrgId { get; }

    /// <summary>The project id as text, when known.</summary>
    public string? ProjectId { get; }

    /// <summary>The entity id as text (the once-per-entity key), when known.</summary>
    public string? EntityId { get; }

    /// <summary>True for a "first" event: the store keeps one per <see cref="EntityId"/>, ever.</summary>
    public bool OncePerEntity { get; }

    /// <summary>The time-since property the writer adds when it stores the event (not in <see cref="Properties"/>).</summary>
    public string? SinceProperty { get; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// The properties as text, the way the writer serializes them: under the rules of every sink (text under a secret
    /// name is <c>[REDACTED]</c>, other text is scrubbed of e-mail addresses, card numbers, SSNs and tokens).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Properties { get; }

    /// <summary>The text of property <paramref name="name"/>.</summary>
    /// <param name="name">The property name, for example <c>node_count</c>.</param>
    /// <exception cref="TelemetryAssertionException">The event has no such property; the message lists them.</exception>
    public string? Property(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Properties.TryGetValue(name, out var value))
        {
            return value;
        }

        throw new TelemetryAssertionException($"Funnel event '{EventType}' has no property '{name}'. Its properties: {this}.");
    }

    /// <summary>The event for failure messages: <c>DeviceRegistered (org_id=a, entity_id=d1) {device_uuid=d1}</c>.</summary>
    public override string ToString()
    {
        var ids = new List<string>();
        Add(ids, "org_id", OrgId);
        Add(ids, "project_id", ProjectId);
        Add(ids, "user_id", UserId);
        Add(ids, "entity_id", EntityId);
        var properties = new List<KeyValuePair<string, object?>>();
        foreach (var property in Properties)
        {
            properties.Add(new(property.Key, property.Value));
        }

        return $"{EventType} ({string.Join(", ", ids)}) {TagValues.Format(properties)}";

        static void Add(List<string> ids, string name, string? value)
        {
            if (value is not null)
            {
                ids.Add(name + "=" + value);
            }
        }
    }

    internal static CapturedFunnelEvent From(in FunnelEvent item) => new(in item);
}
