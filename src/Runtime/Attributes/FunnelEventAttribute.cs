using System;

namespace Instrumentation;

/// <summary>
/// Emits a product-funnel event named <see cref="EventName"/> when the method completes successfully.
/// Properties come from parameters and the return value marked <see cref="EventPropertyAttribute"/>.
/// The hot path only enqueues; a background writer stores the events.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FunnelEventAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="eventName">The event name, for example <c>DeviceRegistered</c>.</param>
    public FunnelEventAttribute(string eventName)
    {
        EventName = eventName;
    }

    /// <summary>The event name.</summary>
    public string EventName { get; }

    /// <summary>
    /// When true, the event is emitted once per entity, ever (across restarts and app instances).
    /// Requires <see cref="EntityId"/>.
    /// </summary>
    public bool OncePerEntity { get; set; }

    /// <summary>
    /// Where the entity id comes from: a parameter name, a member path such as <c>device.Uuid</c>,
    /// or <c>return</c> / <c>return.Id</c> for the return value.
    /// </summary>
    public string? EntityId { get; set; }

    /// <summary>Where the organization id comes from (same syntax as <see cref="EntityId"/>).</summary>
    public string? OrgId { get; set; }

    /// <summary>Where the project id comes from (same syntax as <see cref="EntityId"/>).</summary>
    public string? ProjectId { get; set; }

    /// <summary>Where the user id comes from (same syntax as <see cref="EntityId"/>).</summary>
    public string? UserId { get; set; }

    /// <summary>
    /// Properties as <c>name=path</c> pairs, for example <c>"device_uuid=device.Uuid"</c> or
    /// <c>"node_count=return.NodeCount"</c>.
    /// </summary>
    public string[]? Properties { get; set; }

    /// <summary>
    /// For once-per-entity events: adds a property <c>&lt;name&gt;</c> holding the seconds since the
    /// entity's event named by <see cref="SinceEvent"/>, for example <c>time_since_registration_s</c>.
    /// </summary>
    public string? SinceProperty { get; set; }

    /// <summary>The event whose time <see cref="SinceProperty"/> is measured from, for example <c>DeviceRegistered</c>.</summary>
    public string? SinceEvent { get; set; }
}

/// <summary>The parameter (or, with <c>[return: EventProperty]</c>, the return value) becomes a funnel-event property.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = false)]
public sealed class EventPropertyAttribute : Attribute
{
    /// <summary>Uses the parameter name in snake case as the property name.</summary>
    public EventPropertyAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the property name.</summary>
    public EventPropertyAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The property name, or null for the parameter name in snake case.</summary>
    public string? Name { get; }
}
