namespace Instrumentation;

/// <summary>
/// The tenant an operation runs for. An instrumented ingest, broadcast or flow operation obtains it
/// from a parameter of this type, a parameter whose type implements <see cref="ITenantScoped"/>,
/// the containing instance when it implements <see cref="ITenantScoped"/>, or parameters marked
/// <see cref="OrgIdAttribute"/> and <see cref="ProjectIdAttribute"/>.
/// </summary>
/// <param name="OrgId">The organization id.</param>
/// <param name="ProjectId">The project id.</param>
/// <param name="DeviceUuid">The device uuid, where the operation has one.</param>
public readonly record struct TenantContext(string OrgId, string ProjectId, string? DeviceUuid = null);

/// <summary>A type that knows the tenant it belongs to.</summary>
public interface ITenantScoped
{
    /// <summary>The tenant.</summary>
    TenantContext Tenant { get; }
}
