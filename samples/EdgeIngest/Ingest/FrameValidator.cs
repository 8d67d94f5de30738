using System;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// Validates a device frame before anything is stored: text, size, JSON shape, types, and the tenant fields
/// the frame states against the device's own identity. Rejections are counted by reason
/// (<c>ingest_rejected_total{reason}</c>) by attribute; the span is a child of <c>ws.ingest.receive</c>.
/// </summary>
public sealed class FrameValidator
{
    [Operation("ws.ingest.validate", RequireTenant = true, DurationMetric = "", CallsMetric = "ingest_frames_total", FailuresMetric = "ingest_rejected_total", FailureReasonLabel = "reason")]
    public IngestMessage Validate(TenantContext tenant, [LogField("connection_id")] string connectionId, DeviceFrame frame)
    {
        if (frame.ProtocolError)
        {
            throw new EdgeIngestException(ErrorCodes.ProtocolError, "The frame's bytes break the WebSocket protocol (invalid UTF-8 in a text frame, or a malformed frame); the socket was closed.");
        }

        if (frame.Binary)
        {
            throw new EdgeIngestException(ErrorCodes.UnsupportedFrame, "Frames are JSON text messages; binary messages are not accepted.");
        }

        if (frame.TooLarge)
        {
            throw new EdgeIngestException(ErrorCodes.FrameTooLarge, "Frames are limited to " + DeviceSocketHandler.MaxFrameBytes + " bytes.");
        }

        var message = IngestMessage.Parse(frame.Utf8);
        RequireOwn("org_id", message.OrgId, tenant.OrgId, message.MessageId);
        RequireOwn("project_id", message.ProjectId, tenant.ProjectId, message.MessageId);
        RequireOwn("device_uuid", message.DeviceUuid, tenant.DeviceUuid, message.MessageId);
        return message;
    }

    private static void RequireOwn(string field, string? stated, string? own, string messageId)
    {
        // The ids are UUIDs, which compare without case (RFC 9562): a device that echoes its uuid in upper case wrote to
        // its own tenant and was refused wrong_tenant (a newcomer's trial).
        if (stated is not null && !string.Equals(stated, own, StringComparison.OrdinalIgnoreCase))
        {
            throw new EdgeIngestException(ErrorCodes.WrongTenant, "The frame's " + field + " is not this device's; a device writes only to its own org and project.") { MessageId = messageId };
        }
    }
}
