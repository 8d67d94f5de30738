using System;
using System.Threading.Tasks;
using Instrumentation;

namespace Instrumentation.Funnel.Tests;

public sealed record Device(string Uuid, string OrgId, string ProjectId);

public sealed record Account(string Id, [PersonalData] string Email);

public sealed record FlowResult(string FlowUuid, int NodeCount, double DurationMs);

public sealed class Onboarding
{
    [FunnelEvent("OrgCreated", OrgId = "return", UserId = "userId", Properties = new[] { "org_id=return", "user_id=userId" })]
    public string CreateOrg(string userId, string name) => "org-" + name;

    [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "return.Uuid", OrgId = "return.OrgId", ProjectId = "return.ProjectId", Properties = new[] { "device_uuid=return.Uuid", "org_id=return.OrgId" })]
    public Device Register(string orgId, string projectId, string uuid) => new(uuid, orgId, projectId);

    [Ingest("test.ingest")]
    [FunnelEvent("FirstDeviceData", OncePerEntity = true, EntityId = "device.Uuid", OrgId = "device.OrgId", ProjectId = "device.ProjectId", Properties = new[] { "device_uuid=device.Uuid", "org_id=device.OrgId" }, SinceProperty = "time_since_registration_s", SinceEvent = "DeviceRegistered")]
    public int Store(TenantContext tenant, Device device, [Batch] double[] readings) => readings.Length;

    [FunnelEvent("FlowExecuted", ProjectId = "projectId", Properties = new[] { "duration_ms=return.DurationMs", "node_count=return.NodeCount" })]
    public async Task<FlowResult> RunFlowAsync(string projectId, int nodes, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return new FlowResult(Guid.NewGuid().ToString("N"), nodes, 1.5);
    }

    [FunnelEvent("SignedUp", UserId = "account.Id", Properties = new[] { "email=account.Email", "referrer=referrerEmail" })]
    public void SignUp(Account account, [PersonalData] string referrerEmail)
    {
    }

    [FunnelEvent("Failing")]
    public void Fail() => throw new InvalidOperationException("no event on failure");
}
