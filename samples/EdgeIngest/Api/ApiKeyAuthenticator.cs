using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Storage;
using Instrumentation;

namespace EdgeIngest.Api;

/// <summary>
/// The REST API's credential: the org API key returned when the org was created, sent as
/// <c>Authorization: Bearer KEY</c>. A key opens its own org's resources only. Failures count in
/// <c>auth_failures_total{reason}</c> (<c>unauthorized</c>, <c>forbidden</c>).
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly EdgeStore _store;

    public ApiKeyAuthenticator(EdgeStore store) => _store = store;

    /// <summary>
    /// Refuses a request without a valid key (401) or whose key belongs to another org than
    /// <paramref name="ownerOrgId"/> (403). A null owner (no such resource) passes: the caller answers 404.
    /// </summary>
    /// <remarks>The key lookup runs before <c>auth.check</c>: a store outage is <c>store_unavailable</c> (503), not an auth failure.</remarks>
    public async Task AuthorizeAsync(string authorization, string? ownerOrgId, CancellationToken cancellationToken)
    {
        const string Scheme = "Bearer ";
        var key = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : string.Empty;
        string? callerOrg = null;
        if (key.Length > 0)
        {
            try
            {
                callerOrg = await _store.FindOrgByApiKeyAsync(key, cancellationToken);
            }
            catch (System.Data.Common.DbException error)
            {
                throw _store.Unavailable(error, StoreActivity.Auth);
            }
        }

        Judge(key.Length == 0, callerOrg, ownerOrgId);
    }

    /// <summary>Judges what the key lookup found.</summary>
    [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasonLabel = "reason", FailureReasons = new[] { ErrorCodes.Unauthorized, ErrorCodes.Forbidden })]
    public void Judge(bool keyMissing, string? callerOrg, [OrgId] string? ownerOrgId)
    {
        if (keyMissing)
        {
            throw new EdgeIngestException(ErrorCodes.Unauthorized, "Send the org's API key: Authorization: Bearer <api_key> (returned when the org was created).");
        }

        if (callerOrg is null)
        {
            throw new EdgeIngestException(ErrorCodes.Unauthorized, "This API key is not valid.");
        }

        if (ownerOrgId is not null && !string.Equals(callerOrg, ownerOrgId, StringComparison.Ordinal))
        {
            throw new EdgeIngestException(ErrorCodes.Forbidden, "This API key belongs to another org.");
        }
    }
}
