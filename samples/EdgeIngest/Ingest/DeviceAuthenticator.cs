using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Storage;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// Decides whether a device may write; refusals are counted by reason (<c>auth_failures_total{reason}</c>).
/// The <c>auth.check</c> span carries the device's tenant whenever the token names a device.
/// </summary>
public sealed class DeviceAuthenticator
{
    private readonly EdgeStore _store;

    public DeviceAuthenticator(EdgeStore store) => _store = store;

    /// <summary>At connect: the device a token belongs to (a missing, unknown or revoked token is refused).</summary>
    public async Task<DeviceIdentity> AuthenticateAsync(string? token, string connectionId, CancellationToken cancellationToken)
    {
        var found = string.IsNullOrEmpty(token) ? null : await _store.FindDeviceByTokenAsync(token, cancellationToken);
        return Admit(found?.Tenant, connectionId, string.IsNullOrEmpty(token), found);
    }

    /// <summary>Judges what the token lookup found.</summary>
    [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasonLabel = "reason", FailureReasons = new[] { ErrorCodes.MissingToken, ErrorCodes.UnknownDevice, ErrorCodes.DeviceRevoked })]
    public DeviceIdentity Admit(TenantContext? tenant, [LogField("connection_id")] string connectionId, bool tokenMissing, DeviceRecord? found)
    {
        if (tokenMissing)
        {
            throw new EdgeIngestException(ErrorCodes.MissingToken, "A device token is required (?token=...).");
        }

        if (found is null)
        {
            throw new EdgeIngestException(ErrorCodes.UnknownDevice, "No device has this token.");
        }

        return found.Revoked ? throw new EdgeIngestException(ErrorCodes.DeviceRevoked, "This device was revoked.") : found.Device;
    }

    /// <summary>
    /// On an open connection: confirms the device was not revoked since it connected (<c>device_revoked</c>
    /// otherwise). The store lookup runs outside <c>auth.check</c>: a store outage is a store error
    /// (<c>store_errors_total</c>, <c>store_unavailable</c>), never an auth failure.
    /// </summary>
    public async Task ConfirmAsync(TenantContext tenant, string connectionId, DeviceSession session, CancellationToken cancellationToken)
    {
        var generation = _store.RevocationGeneration;
        var state = await _store.DeviceStateAsync(session.Device.DeviceUuid, cancellationToken);
        Judge(tenant, connectionId, state);
        session.Confirmed(generation);
    }

    /// <summary>Judges the device's stored state on an open connection.</summary>
    [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasonLabel = "reason")]
    public void Judge(TenantContext tenant, [LogField("connection_id")] string connectionId, DeviceState state)
    {
        if (state == DeviceState.Unknown)
        {
            throw new EdgeIngestException(ErrorCodes.UnknownDevice, "The device no longer exists.");
        }

        if (state == DeviceState.Revoked)
        {
            throw new EdgeIngestException(ErrorCodes.DeviceRevoked, "This device was revoked.");
        }
    }
}
