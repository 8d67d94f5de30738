using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Storage;
using Instrumentation;

namespace EdgeIngest.Broadcast;

/// <summary>
/// Checks a dashboard WebSocket's token (returned when the dashboard was created); refusals count in
/// <c>auth_failures_total{reason}</c>. The <c>auth.check</c> span carries the dashboard's tenant when the dashboard exists.
/// </summary>
public sealed class DashboardAuthenticator
{
    private readonly EdgeStore _store;

    public DashboardAuthenticator(EdgeStore store) => _store = store;

    public async Task<DashboardIdentity> AuthenticateAsync(string? dashboardId, string? token, string connectionId, CancellationToken cancellationToken)
    {
        DashboardRecord? found = null;
        if (!string.IsNullOrEmpty(dashboardId) && !string.IsNullOrEmpty(token))
        {
            try
            {
                found = await _store.FindDashboardAsync(dashboardId, cancellationToken);
            }
            catch (System.Data.Common.DbException error)
            {
                throw _store.Unavailable(error, StoreActivity.Auth);
            }
        }

        return Admit(found?.Tenant, dashboardId, connectionId, token, found);
    }

    /// <summary>Judges the token against the dashboard the id names (in constant time).</summary>
    [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasonLabel = "reason", FailureReasons = new[] { ErrorCodes.MissingToken, ErrorCodes.InvalidToken })]
    public DashboardIdentity Admit(TenantContext? tenant, [SpanAttribute("dashboard_id")] string? dashboardId, [LogField("connection_id")] string connectionId, string? token, DashboardRecord? found)
    {
        if (string.IsNullOrEmpty(dashboardId) || string.IsNullOrEmpty(token))
        {
            throw new EdgeIngestException(ErrorCodes.MissingToken, "A dashboard connection needs ?dashboard_id=...&token=... (the token is returned when the dashboard is created).");
        }

        var matches = found is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found.TokenHash), Encoding.ASCII.GetBytes(Secrets.Hash(token)));
        return matches ? found!.Dashboard : throw new EdgeIngestException(ErrorCodes.InvalidToken, "This token does not open this dashboard.");
    }
}
