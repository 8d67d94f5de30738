using System;

namespace Instrumentation.Funnel;

/// <summary>
/// One product-funnel event as generated code builds it: a struct, copied into the buffer, so the hot
/// path allocates nothing. Ids and properties are <see cref="FunnelValue"/>s: a Guid or enum id is kept
/// as its value and only turned into text by the background writer.
/// </summary>
public struct FunnelEvent
{
    /// <summary>Creates an event of <paramref name="eventType"/> stamped now.</summary>
    public FunnelEvent(string eventType)
    {
        EventType = eventType;
        CreatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The event name (for example <c>FirstDeviceData</c>).</summary>
    public string EventType;

    /// <summary>The user, when known.</summary>
    public FunnelValue UserId;

    /// <summary>The organization, when known.</summary>
    public FunnelValue OrgId;

    /// <summary>The project, when known.</summary>
    public FunnelValue ProjectId;

    /// <summary>
    /// The entity the event is about (stored in <c>entity_id</c>); with <see cref="OncePerEntity"/>, the
    /// uniqueness key. A <see cref="SinceEvent"/> of another event finds this event by it.
    /// </summary>
    public FunnelValue EntityId;

    /// <summary>At most one event of this type per <see cref="EntityId"/>, ever.</summary>
    public bool OncePerEntity;

    /// <summary>
    /// When set, the writer adds this property: seconds from the start instant to <see cref="CreatedAt"/>.
    /// The start is <see cref="SinceStart"/> when given, else the time of the entity's <see cref="SinceEvent"/>.
    /// </summary>
    public string? SinceProperty;

    /// <summary>The event (of the same <see cref="EntityId"/>) <see cref="SinceProperty"/> is measured from.</summary>
    public string? SinceEvent;

    /// <summary>A supplied start instant for <see cref="SinceProperty"/> (a DateTime or DateTimeOffset value).</summary>
    public FunnelValue SinceStart;

    /// <summary>When the event happened.</summary>
    public DateTimeOffset CreatedAt;

    /// <summary>The event properties.</summary>
    public FunnelProperties Properties;
}
