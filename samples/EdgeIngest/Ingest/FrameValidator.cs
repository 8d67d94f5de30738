using System;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// Validates a device frame before anything is stored. Rejections are counted by reason
/// (<c>ingest_rejected_total{reason}</c>: malformed_json, invalid_message, frame_too_large) by attribute.
/// </summary>
public sealed class FrameValidator
{
    [Operation("ws.ingest.validate", RequireTenant = true, DurationMetric = "", CallsMetric = "ingest_frames_total", FailuresMetric = "ingest_rejected_total", FailureReasonLabel = "reason")]
    public IngestMessage Validate(TenantContext tenant, [LogField("connection_id")] string connectionId, byte[] buffer, int length, bool tooLarge)
    {
        if (tooLarge)
        {
            throw new EdgeIngestException(ErrorCodes.FrameTooLarge, "Frames are limited to " + DeviceSocketHandler.MaxFrameBytes + " bytes.");
        }

        return IngestMessage.Parse(buffer.AsSpan(0, length));
    }
}
