using System.Diagnostics;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// One authenticated device connection: its identity (the tenant of every operation it drives) and when
/// its right to write was last confirmed.
/// </summary>
public sealed class DeviceSession
{
    /// <summary>How long a confirmation holds before the device is checked in the store again (revocations made by another instance).</summary>
    public static readonly System.TimeSpan RecheckInterval = System.TimeSpan.FromSeconds(10);

    private long _confirmedGeneration;
    private long _confirmedAt;

    public DeviceSession(DeviceIdentity device, string connectionId, long revocationGeneration)
    {
        Device = device;
        ConnectionId = connectionId;
        Tenant = new TenantContext(device.OrgId, device.ProjectId, device.DeviceUuid);
        Confirmed(revocationGeneration);
    }

    public DeviceIdentity Device { get; }

    public string ConnectionId { get; }

    /// <summary>The tenant of every operation this connection drives.</summary>
    public TenantContext Tenant { get; }

    /// <summary>True when a device was revoked on this instance since the last confirmation, or the confirmation is older than <see cref="RecheckInterval"/>.</summary>
    public bool NeedsRecheck(long revocationGeneration) =>
        revocationGeneration != _confirmedGeneration || Stopwatch.GetElapsedTime(_confirmedAt) > RecheckInterval;

    /// <summary>Records that the device was found allowed to write.</summary>
    public void Confirmed(long revocationGeneration)
    {
        _confirmedGeneration = revocationGeneration;
        _confirmedAt = Stopwatch.GetTimestamp();
    }
}
