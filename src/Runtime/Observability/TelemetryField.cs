namespace Instrumentation.Observability;

/// <summary>
/// A named value a signal carries: a span attribute, a log event field or a funnel event property, with its data
/// classification as the catalog records it.
/// </summary>
public sealed class TelemetryField
{
    /// <summary>Creates a field.</summary>
    /// <param name="name">The attribute, field or property name.</param>
    /// <param name="isTenant">Whether it is a tenant attribute (<c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>).</param>
    /// <param name="classification"><c>personal</c>, <c>secret</c>, <c>taxonomy:value</c>, or null when unclassified.</param>
    public TelemetryField(string name, bool isTenant, string? classification)
    {
        Name = name ?? string.Empty;
        IsTenant = isTenant;
        Classification = string.IsNullOrEmpty(classification) ? null : classification;
    }

    /// <summary>The attribute, field or property name.</summary>
    public string Name { get; }

    /// <summary>Whether it is a tenant attribute (set from the tenant context).</summary>
    public bool IsTenant { get; }

    /// <summary><c>personal</c>, <c>secret</c>, <c>taxonomy:value</c> for a team's own taxonomy, or null when unclassified (the value is written as it is, scrubbed when it is text).</summary>
    public string? Classification { get; }

    /// <inheritdoc />
    public override string ToString() => Classification is null ? Name : Name + " (" + Classification + ")";
}
