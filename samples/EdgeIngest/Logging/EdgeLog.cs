using System;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Logging;

/// <summary>
/// The log events of EdgeIngest, implemented by the SDK's log generator: templates parsed at compile time,
/// <c>IsEnabled</c> checked first, no boxing, classified arguments redacted before any sink, and the
/// correlation fields of the current operation (org, project, device, connection, message …) added to
/// every line. Client mistakes are information or warning; only server-side failures are errors.
/// </summary>
public static partial class EdgeLog
{
    [LogMethod(LogLevel.Information, "Org {orgId} created by {ownerEmail}", EventId = 100)]
    public static partial void OrgCreated(ILogger logger, string orgId, [PersonalData] string ownerEmail);

    [LogMethod(LogLevel.Information, "Device {deviceUuid} registered in project {projectId} (token {token})", EventId = 101)]
    public static partial void DeviceRegistered(ILogger logger, string deviceUuid, string projectId, [SecretData] string token);

    [LogMethod(LogLevel.Information, "Device {deviceUuid} revoked; its open connections close at their next frame", EventId = 102)]
    public static partial void DeviceRevoked(ILogger logger, string deviceUuid);

    [LogMethod(LogLevel.Information, "Dashboard {dashboardId} created in project {projectId}", EventId = 103)]
    public static partial void DashboardCreated(ILogger logger, string dashboardId, string projectId);

    [LogMethod(LogLevel.Information, "Flow {flowId} saved with {nodeCount} nodes", EventId = 104)]
    public static partial void FlowSaved(ILogger logger, string flowId, int nodeCount);

    [LogMethod(LogLevel.Information, "Device frame refused ({code}): {reason}", EventId = 200)]
    public static partial void FrameRefused(ILogger logger, string code, string reason);

    [LogMethod(LogLevel.Warning, "Device frame refused (wrong_tenant): {reason}", EventId = 201)]
    public static partial void WrongTenant(ILogger logger, string reason);

    [LogMethod(LogLevel.Information, "Connection refused ({code})", EventId = 202)]
    public static partial void ConnectionRefused(ILogger logger, string code);

    [LogMethod(LogLevel.Information, "Connection of revoked device {deviceUuid} closed", EventId = 203)]
    public static partial void RevokedConnectionClosed(ILogger logger, string deviceUuid);

    [LogMethod(LogLevel.Information, "REST request refused with {status} ({code})", EventId = 204)]
    public static partial void RequestRefused(ILogger logger, int status, string code);

    [LogMethod(LogLevel.Error, "The store could not take a batch; nothing was stored and the device was told to retry ({suppressed} similar lines suppressed before this one)", EventId = 300)]
    public static partial void StoreUnavailable(ILogger logger, long suppressed, Exception error);

    [LogMethod(LogLevel.Warning, "Flow {flowId} failed; the batch stays stored", EventId = 301)]
    public static partial void FlowFailed(ILogger logger, string flowId, Exception error);

    [LogMethod(LogLevel.Error, "Connection {connectionId} failed unexpectedly and was closed ({suppressed} similar lines suppressed before this one)", EventId = 302)]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, long suppressed, Exception error);

    [LogMethod(LogLevel.Warning, "Flow {flowId} could not be loaded (its stored definition no longer validates) and is skipped", EventId = 303)]
    public static partial void FlowSkipped(ILogger logger, string flowId);

    [LogMethod(LogLevel.Warning, "The daily retention check failed; it runs again tomorrow", EventId = 304)]
    public static partial void RetentionCheckFailed(ILogger logger, Exception error);

    [LogMethod(LogLevel.Information, "Message {messageId} was already stored; acknowledged again as a replay", EventId = 205)]
    public static partial void ReplayAcknowledged(ILogger logger, string messageId);

    [LogMethod(LogLevel.Error, "A device frame failed unexpectedly; it was refused with internal_error and nothing was stored ({suppressed} similar lines suppressed before this one)", EventId = 305)]
    public static partial void FrameFailed(ILogger logger, long suppressed, Exception error);

    [LogMethod(LogLevel.Error, "A REST request failed unexpectedly; answered 500 internal_error ({suppressed} similar lines suppressed before this one)", EventId = 306)]
    public static partial void RequestFailed(ILogger logger, long suppressed, Exception error);

    [LogMethod(LogLevel.Warning, "An OTLP export failed ({eventName}); telemetry of that batch is lost ({suppressed} similar lines suppressed before this one)", EventId = 307)]
    public static partial void ExportFailed(ILogger logger, string eventName, long suppressed);

    [LogMethod(LogLevel.Warning, "Alert {alertId} ({severity}): {message}", EventId = 400)]
    public static partial void AlertRaised(ILogger logger, string alertId, string severity, string message);
}
