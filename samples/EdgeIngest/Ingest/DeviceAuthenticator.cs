using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Storage;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>Checks a device token; failures are counted by reason (<c>auth_failures_total{reason}</c>).</summary>
public sealed class DeviceAuthenticator
{
    private readonly EdgeStore _store;

    public DeviceAuthenticator(EdgeStore store) => _store = store;

    [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasonLabel = "reason")]
    public async Task<DeviceIdentity> AuthenticateAsync(string? token, [LogField("connection_id")] string connectionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new EdgeIngestException(ErrorCodes.MissingToken, "A device token is required (?token=...).");
        }

        return await _store.FindDeviceByTokenAsync(token, cancellationToken);
    }
}
