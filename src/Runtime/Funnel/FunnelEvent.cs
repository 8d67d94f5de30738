using System;

namespace Instrumentation.Funnel;

/// <summary>
/// One product-funnel event as generated code builds it: a struct, copied into the buffer, so the hot
/// path allocates nothing.
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
    public string? UserId;

    /// <summary>The organization, when known.</summary>
    public string? OrgId;

    /// <summary>The project, when known.</summary>
    public string? ProjectId;

    /// <summary>The entity the event is about; with <see cref="OncePerEntity"/>, the uniqueness key.</summary>
    public string? EntityId;

    /// <summary>At most one event of this type per <see cref="EntityId"/>, ever.</summary>
    public bool OncePerEntity;

    /// <summary>When set, the writer adds this property: seconds since the entity's <see cref="SinceEvent"/>.</summary>
    public string? SinceProperty;

    /// <summary>The event <see cref="SinceProperty"/> is measured from.</summary>
    public string? SinceEvent;

    /// <summary>When the event happened.</summary>
    public DateTimeOffset CreatedAt;

    /// <summary>The event properties.</summary>
    public FunnelProperties Properties;
}
