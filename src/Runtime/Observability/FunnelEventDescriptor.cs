using System.Collections.Generic;

namespace Instrumentation.Observability;

/// <summary>A product-funnel event a <c>[FunnelEvent]</c> emits: name, properties and whether it is once per entity.</summary>
public sealed class FunnelEventDescriptor
{
    /// <summary>Creates a funnel event descriptor.</summary>
    /// <param name="assembly">The assembly that declares it.</param>
    /// <param name="name">The event name.</param>
    /// <param name="oncePerEntity">Whether it is emitted once per entity, ever.</param>
    /// <param name="operations">The documentation ids of the methods emitting it.</param>
    /// <param name="properties">Its properties, with their classification.</param>
    public FunnelEventDescriptor(string assembly, string name, bool oncePerEntity, IReadOnlyList<string> operations, IReadOnlyList<TelemetryField> properties)
    {
        Assembly = assembly ?? string.Empty;
        Name = name ?? string.Empty;
        OncePerEntity = oncePerEntity;
        Operations = operations ?? [];
        Properties = properties ?? [];
    }

    /// <summary>The assembly that declares it.</summary>
    public string Assembly { get; }

    /// <summary>The event name (its identity in the catalog).</summary>
    public string Name { get; }

    /// <summary>Whether it is emitted once per entity, ever ("first" events).</summary>
    public bool OncePerEntity { get; }

    /// <summary>The documentation ids of the methods emitting it, ordered.</summary>
    public IReadOnlyList<string> Operations { get; }

    /// <summary>Its properties, ordered by name.</summary>
    public IReadOnlyList<TelemetryField> Properties { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
