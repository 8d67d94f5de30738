using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation;
using Instrumentation.Operations;

namespace Instrumentation.Funnel.Tests;

public sealed record Device(string Uuid, string OrgId, string ProjectId);

public sealed record Account(string Id, [PersonalData] string Email);

/// <summary>Classified on the contract only: the implementing class's property is redacted too.</summary>
public interface IMember
{
    [PersonalData]
    string Email { get; }
}

public sealed class Member : IMember
{
    public string Id { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;
}

public sealed record FlowResult(string FlowUuid, int NodeCount, double DurationMs);

public enum SensorKind
{
    Temperature,
    Humidity,
}

public sealed record Sensor(Guid Id, SensorKind Kind, int? Channel);

public sealed record Widget(string Id, DateTimeOffset CreatedAt);

public sealed class Measurements
{
    public long Big { get; init; }

    public ulong Huge { get; init; }

    public decimal Price { get; init; }

    public DateTime At { get; init; }

    public DateTimeOffset AtOffset { get; init; }

    public TimeSpan Took { get; init; }

    public Guid? MaybeId { get; init; }

    public SensorKind? MaybeKind { get; init; }

    public bool Flag { get; init; }

    public float Ratio { get; init; }

    public string Broken => throw new InvalidOperationException("getter fails");
}

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

    [FunnelEvent("MemberJoined", UserId = "member.Id", Properties = new[] { "email=member.Email" })]
    public void Join(Member member)
    {
    }

    [FunnelEvent("ApiKeyIssued", UserId = "owner", Properties = new[] { "issued=return" })]
    [return: SecretData]
    public string IssueKey(string owner) => "sk_app_tokCANARY0123456789abcdef";

    [FunnelEvent("InviteSent", UserId = "owner")]
    [return: PersonalData, EventProperty("invitee")]
    public string Invite(string owner) => "invitee.canary@example.com";

    [FunnelEvent("Failing")]
    public void Fail() => throw new InvalidOperationException("no event on failure");
}

/// <summary>Typed ids and properties: stored as values, formatted by the writer.</summary>
public sealed class Sensors
{
    [FunnelEvent("SensorSeen", OncePerEntity = true, EntityId = "sensor.Id", ProjectId = "sensor.Kind", Properties = new[] { "kind=sensor.Kind", "channel=sensor.Channel", "sensor_id=sensor.Id" })]
    public void Seen(Sensor sensor)
    {
    }

    [FunnelEvent("SensorRead", EntityId = "sensor.Id", Properties = new[] { "kind=sensor.Kind" })]
    public async ValueTask<int> ReadAsync(Sensor sensor)
    {
        await Task.CompletedTask;
        return 1;
    }

    [FunnelEvent("SensorReset", EntityId = "sensor.Id", Properties = new[] { "kind=sensor.Kind" })]
    public async Task ResetAsync(Sensor sensor) => await Task.CompletedTask;

    [FunnelEvent("Measured", Properties = new[] { "big=m.Big", "huge=m.Huge", "price=m.Price", "at=m.At", "at_offset=m.AtOffset", "took=m.Took", "maybe_id=m.MaybeId", "maybe_kind=m.MaybeKind" })]
    public void Measure(Measurements m)
    {
    }

    [FunnelEvent("Flagged", Properties = new[] { "flag=m.Flag", "ratio=m.Ratio" })]
    public void Flag(Measurements m)
    {
    }

    [FunnelEvent("Broken", Properties = new[] { "broken=m.Broken" })]
    [FunnelEvent("NotBroken", Properties = new[] { "big=m.Big" })]
    public int Break(Measurements m) => 7;
}

/// <summary>
/// Time-since from a supplied timestamp, and durations measured by the generated wrapper. The methods time
/// their own bodies (<see cref="LastBodyMs"/>), so a test can check that the measured duration contains them.
/// </summary>
public sealed class Widgets
{
    /// <summary>How long the last <see cref="Render"/> or <see cref="RefreshAsync"/> body took, on the same clock.</summary>
    public double LastBodyMs { get; private set; }

    [FunnelEvent("FirstLiveWidgetData", OncePerEntity = true, EntityId = "widget.Id", Properties = new[] { "widget_id=widget.Id" }, SinceProperty = "time_since_widget_created_s", SinceTimestamp = "widget.CreatedAt")]
    public void Broadcast(Widget widget)
    {
    }

    [Operation("test.widget.render")]
    [FunnelEvent("WidgetRendered", DurationProperty = "duration_ms", Properties = new[] { "widget_id=widgetId" })]
    public int Render(string widgetId, int sleepMs)
    {
        var start = Stopwatch.GetTimestamp();
        Thread.Sleep(sleepMs);
        LastBodyMs = OperationTiming.ElapsedMilliseconds(start);
        return sleepMs;
    }

    [Flow("test.widget.refresh")]
    [FunnelEvent("WidgetRefreshed", DurationProperty = "duration_ms")]
    public async Task<int> RefreshAsync(TenantContext tenant, int sleepMs)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(sleepMs);
        LastBodyMs = OperationTiming.ElapsedMilliseconds(start);
        return sleepMs;
    }
}

/// <summary>Classified on the base class's property; the override says nothing.</summary>
public class BaseUser
{
    [PersonalData]
    public virtual string Email { get; set; } = string.Empty;
}

public class DerivedUser : BaseUser
{
    public override string Email { get; set; } = string.Empty;
}

/// <summary>Classified on the base record's positional parameter; the derived record passes it on.</summary>
public record BaseProfile([PersonalData] string Email);

public sealed record DerivedProfile(string Email, string Plan) : BaseProfile(Email);

/// <summary>Classified on an auto-property's backing field.</summary>
public sealed class FieldClassified
{
    [field: PersonalData]
    public string Email { get; set; } = string.Empty;
}

/// <summary>Every value of this type is classified (the attribute is on the type).</summary>
[PersonalData]
public sealed class Diagnosis
{
    public string Code { get; set; } = string.Empty;
}

public sealed class Patient
{
    public Diagnosis Dx { get; set; } = new();

    public string Ward { get; set; } = string.Empty;
}

/// <summary>Classifications the funnel generator missed while spans and logs honoured them (a stranger's trial).</summary>
public sealed class Signups
{
    [FunnelEvent("SignedUpInherited", Properties = new[] { "override=user.Email", "positional=profile.Email", "plan=profile.Plan", "backing=field.Email" })]
    public void Inherited(DerivedUser user, DerivedProfile profile, FieldClassified field)
    {
    }

    [FunnelEvent("Diagnosed", Properties = new[] { "code=patient.Dx.Code", "ward=patient.Ward" })]
    public void Diagnose(Patient patient)
    {
    }

    [FunnelEvent("Examined", Properties = new[] { "code=return.Code" })]
    public Diagnosis Examine(string ward) => new() { Code = "D-" + ward };
}
