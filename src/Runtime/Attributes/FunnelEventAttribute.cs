using System;

namespace Instrumentation;

/// <summary>
/// Emits a product-funnel event named <see cref="EventName"/> when the method completes successfully.
/// Properties come from <see cref="Properties"/> paths and from parameters and the return value marked
/// <see cref="EventPropertyAttribute"/>. The hot path only enqueues a struct; a background writer stores the events.
/// </summary>
/// <remarks>
/// Every id and property must be a string, a number, bool, <see cref="Guid"/>, an enum, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/> or <see cref="TimeSpan"/> (nullable allowed) — checked at compile time (INS0204).
/// Values are stored as they are and formatted by the writer: integers stay exact, a Guid or enum costs no
/// allocation on the calling thread. A property getter that throws after the method succeeded is counted
/// (<c>funnel_emit_failures_total</c>), never thrown into the caller.
/// </remarks>
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
    /// Adds a property with this name holding the seconds from a start instant to the event, for example
    /// <c>time_since_registration_s</c>. The start is either <see cref="SinceEvent"/> or <see cref="SinceTimestamp"/>
    /// (exactly one of them; INS0205 otherwise). Rounded to milliseconds, never negative; null when the start is unknown.
    /// </summary>
    public string? SinceProperty { get; set; }

    /// <summary>
    /// The event whose time <see cref="SinceProperty"/> is measured from, for example <c>DeviceRegistered</c>:
    /// the first stored event of that type with the same <see cref="EntityId"/> (required), found across restarts.
    /// </summary>
    public string? SinceEvent { get; set; }

    /// <summary>
    /// A supplied start for <see cref="SinceProperty"/>: a path (same syntax as <see cref="EntityId"/>) to a
    /// <see cref="DateTime"/> or <see cref="DateTimeOffset"/> value, for example <c>widget.CreatedAt</c>
    /// (checked at compile time, INS0205). A <see cref="DateTime"/> of unspecified kind is taken as UTC.
    /// </summary>
    public string? SinceTimestamp { get; set; }

    /// <summary>
    /// Adds a property with this name holding the operation's measured duration in milliseconds, for
    /// example <c>duration_ms</c>: the same clock as the operation's span and duration metric, no
    /// stopwatch in the method. Valid only on a method with an operation attribute (<c>[Ingest]</c>,
    /// <c>[Broadcast]</c>, <c>[Flow]</c>, <c>[FlowNode]</c> or <c>[Operation]</c>; INS0206 otherwise).
    /// </summary>
    public string? DurationProperty { get; set; }
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
