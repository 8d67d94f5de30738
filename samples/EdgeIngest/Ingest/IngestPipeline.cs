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

    /// <summary>Ingests one frame and returns the stored message; a refusal is an <see cref="EdgeIngestException"/> whose code is the failure reason.</summary>
    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration, FailureReasonLabel = "reason")]
    public async Task<IngestMessage> ReceiveAsync(TenantContext tenant, [LogField("connection_id")] string connectionId, DeviceSession session, DeviceFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            if (session.NeedsRecheck(_store.RevocationGeneration))
            {
                await _authenticator.ConfirmAsync(tenant, connectionId, session, cancellationToken);
            }

            var message = _validator.Validate(tenant, connectionId, frame);
            await _store.StoreBatchAsync(tenant, message.MessageId, message.Sensor, message.Readings, _writer, cancellationToken);
            await _flows.RunAsync(tenant, message.Sensor, message.Readings, cancellationToken);
            if (!_store.IsPostgres)
            {
                // On PostgreSQL every instance (this one too) broadcasts from the batch's notification, in commit order (Cluster/).
                _hub.Publish(tenant, message.MessageId, message.Sensor, message.Readings, frame.ReceivedTimestamp);
            }
            return message;
        }
        catch (EdgeIngestException error)
        {
            switch (error.ErrorCode)
            {
                case ErrorCodes.StoreUnavailable:
                    EdgeLog.StoreUnavailable(_logger, error.InnerException ?? error);
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
