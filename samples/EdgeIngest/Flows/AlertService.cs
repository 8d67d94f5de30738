using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Flows;

/// <summary>What an alert node does: store an alert record and push it to the dashboards of the org.</summary>
public sealed class AlertService
{
    private readonly EdgeStore _store;
    private readonly DashboardHub _hub;
    private readonly ILogger _logger;

    public AlertService(EdgeStore store, DashboardHub hub, ILogger<AlertService> logger)
    {
        _store = store;
        _hub = hub;
        _logger = logger;
    }

    [Operation("flow.alert.raise", DurationMetric = "", CallsMetric = "alerts_raised_total", FailuresMetric = "alert_failures_total")]
    public async Task<Alert> RaiseAsync(
        TenantContext tenant,
        [SpanAttribute("flow_id"), LogField("flow_id")] string flowId,
        [SpanAttribute("node_id")] string nodeId,
        [MetricLabel("severity"), SpanAttribute("severity")] AlertSeverity severity,
        FlowNode node,
        SensorKind sensor,
        double[] values,
        CancellationToken cancellationToken)
    {
        var peak = values[0];
        foreach (var value in values)
        {
            if (Math.Abs(value) > Math.Abs(peak))
            {
                peak = value;
            }
        }

        var message = node.Message ?? (values.Length + " reading(s) reached alert node " + nodeId);
        var alert = new Alert(Guid.NewGuid().ToString(), flowId, nodeId, tenant.OrgId, tenant.ProjectId, tenant.DeviceUuid ?? string.Empty, sensor, severity, message, peak, values.Length, DateTimeOffset.UtcNow);
        await _store.InsertAlertAsync(alert, cancellationToken);
        EdgeLog.AlertRaised(_logger, alert.AlertId, DomainNames.Severity(severity), alert.Message);
        if (!_store.IsPostgres)
        {
            // On PostgreSQL the alert's notification reaches every instance's dashboards, this one's included (Cluster/).
            _hub.PublishAlert(alert);
        }
        return alert;
    }
}
