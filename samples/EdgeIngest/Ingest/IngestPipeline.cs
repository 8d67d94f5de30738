using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Ingest;

/// <summary>
/// The ingest path of one device frame: confirm the device may still write, validate the frame, store it
/// (with the time-series dual write), run the project's flows, broadcast to subscribed widgets. No
/// hand-written telemetry: the attributes do it, and every step is a child span of <c>ws.ingest.receive</c>.
/// </summary>
public sealed class IngestPipeline
{
    private readonly EdgeStore _store;
    private readonly ReadingWriter _writer;
    private readonly FlowEngine _flows;
    private readonly DashboardHub _hub;
    private readonly DeviceAuthenticator _authenticator;
    private readonly FrameValidator _validator;
    private readonly ILogger _logger;
    private readonly LogBudget _storeErrors = LogBudget.ForErrors();
    private readonly LogBudget _failures = LogBudget.ForErrors();

    public IngestPipeline(EdgeStore store, ReadingWriter writer, FlowEngine flows, DashboardHub hub, DeviceAuthenticator authenticator, FrameValidator validator, ILogger<IngestPipeline> logger)
    {
        _store = store;
        _writer = writer;
        _flows = flows;
        _hub = hub;
        _authenticator = authenticator;
        _validator = validator;
        _logger = logger;
    }

    /// <summary>
    /// Ingests one frame and returns what to acknowledge; a refusal is an <see cref="EdgeIngestException"/> whose
    /// code is the failure reason. Any other exception is turned into one (<c>internal_error</c>, or
    /// <c>shutting_down</c> when the app stops), so the <c>reason</c> label only ever holds error codes.
    /// </summary>
    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration, FailureReasonLabel = "reason")]
    public async Task<IngestReceipt> ReceiveAsync(TenantContext tenant, [LogField("connection_id")] string connectionId, DeviceSession session, DeviceFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            if (session.NeedsRecheck(_store.RevocationGeneration))
            {
                await _authenticator.ConfirmAsync(tenant, connectionId, session, cancellationToken);
            }

            var message = _validator.Validate(tenant, connectionId, frame);
            if (!await _store.StoreBatchAsync(tenant, message.MessageId, message.Sensor, message.Readings, _writer, cancellationToken))
            {
                // Already stored (the device resends after a lost ack): acknowledged again, not run or broadcast twice.
                EdgeLog.ReplayAcknowledged(_logger, message.MessageId);
                return new IngestReceipt(message.MessageId, Replay: true);
            }

            // The batch is committed: its flows run to the end even when the app starts stopping now (the shutdown waits for
            // this frame). Cancelled here, the frame was stored without its flows (and without their FlowExecuted events),
            // yet refused as 'shutting_down', so the device's resend became a replay and the flows never ran — a stranger's
            // probe found the summary one flow event and one message off after a SIGTERM under load.
            await _flows.RunAsync(tenant, message.Sensor, message.Readings, CancellationToken.None);
            if (!_store.IsPostgres)
            {
                // On PostgreSQL every instance (this one too) broadcasts from the batch's notification, in commit order (Cluster/).
                _hub.Publish(tenant, message.MessageId, message.Sensor, message.Readings, frame.ReceivedTimestamp);
            }

            return new IngestReceipt(message.MessageId, Replay: false);
        }
        catch (OperationCanceledException error) when (cancellationToken.IsCancellationRequested)
        {
            throw new EdgeIngestException(ErrorCodes.ShuttingDown, "The server is stopping; the frame was not processed, resend it after reconnecting.", error);
        }
        catch (Exception error) when (error is not EdgeIngestException)
        {
            if (_failures.TryTake(out var suppressed))
            {
                EdgeLog.FrameFailed(_logger, suppressed, error);
            }

            throw new EdgeIngestException(ErrorCodes.InternalError, "The frame could not be processed; nothing was stored.", error);
        }
        catch (EdgeIngestException error)
        {
            switch (error.ErrorCode)
            {
                case ErrorCodes.StoreUnavailable:
                    // Rate-limited: an outage writes a few lines with the count held back, not one per frame.
                    if (_storeErrors.TryTake(out var suppressed))
                    {
                        EdgeLog.StoreUnavailable(_logger, suppressed, error.InnerException ?? error);
                    }

                    break;
                case ErrorCodes.WrongTenant:
                    EdgeLog.WrongTenant(_logger, error.Message);
                    break;
                case ErrorCodes.DeviceRevoked or ErrorCodes.UnknownDevice:
                    EdgeLog.RevokedConnectionClosed(_logger, session.Device.DeviceUuid);
                    break;
                default:
                    EdgeLog.FrameRefused(_logger, error.ErrorCode, error.Message);
                    break;
            }

            throw;
        }
    }
}

/// <summary>What a device is acknowledged: the message id, and whether it had already been stored (a replay).</summary>
public readonly record struct IngestReceipt(string MessageId, bool Replay);
