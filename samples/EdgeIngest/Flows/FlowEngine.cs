using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Logging;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Flows;

/// <summary>
/// Runs the flows of a project over each ingested batch. A flow is a graph: its source nodes receive the
/// batch's values, every node passes what it outputs along its edges, and a node runs once all the
/// nodes feeding it have run and at least one value reached it. Each execution and each node run is an
/// instrumented operation (<c>flow.execute</c> → <c>flow.node.execute</c>).
/// </summary>
public sealed class FlowEngine
{
    private readonly ConcurrentDictionary<(string ProjectId, SensorKind Sensor), List<FlowDefinition>> _flows = new();
    private readonly AlertService _alerts;
    private readonly ILogger _logger;

    public FlowEngine(AlertService alerts, ILogger<FlowEngine> logger)
    {
        _alerts = alerts;
        _logger = logger;
    }

    public void Register(FlowDefinition flow)
    {
        var list = _flows.GetOrAdd((flow.ProjectId, flow.Sensor), _ => new List<FlowDefinition>());
        lock (list)
        {
            // Registered once: on PostgreSQL a flow arrives both from its API call and from its notification.
            if (!list.Exists(f => f.FlowId == flow.FlowId))
            {
                list.Add(flow);
            }
        }
    }

    /// <summary>Runs every flow of the device's project on this sensor. A failing flow is counted and logged; it never fails the ingest.</summary>
    public async Task RunAsync(TenantContext tenant, SensorKind sensor, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        if (!_flows.TryGetValue((tenant.ProjectId, sensor), out var list))
        {
            return;
        }

        FlowDefinition[] flows;
        lock (list)
        {
            flows = list.ToArray();
        }

        foreach (var flow in flows)
        {
            try
            {
                await ExecuteAsync(tenant, flow.FlowId, flow.Template, flow.Graph.Nodes.Count, Guid.NewGuid().ToString("N"), flow, readings, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Counted and traced by the flow operation (flow_failures_total{flow,reason}); the batch is already stored.
                EdgeLog.FlowFailed(_logger, flow.FlowId, error);
            }
        }
    }

    [Flow("flow.execute", FailureReasons = new[] { "non_finite_value" })]
    [FunnelEvent("FlowExecuted", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId", DurationProperty = "duration_ms", Properties = new[] { "node_count=return.NodeCount", "flow_uuid=flowId" })]
    public async Task<FlowOutcome> ExecuteAsync(
        TenantContext tenant,
        [SpanAttribute("flow_id"), LogField("flow_id")] string flowId,
        [MetricLabel("flow", AppliesTo = MetricTargets.Duration | MetricTargets.Calls | MetricTargets.Failures), BoundedValues("threshold_alert", "smoothing", "range_filter", "custom")] string template,
        [SpanAttribute("node_count")] int nodeCount,
        [LogField("exec_id")] string execId,
        FlowDefinition flow,
        IReadOnlyList<Reading> readings,
        CancellationToken cancellationToken)
    {
        var graph = flow.Graph;
        var inputs = new List<double[]>?[graph.Nodes.Count];
        var batch = new double[readings.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = readings[i].Value;
        }

        var reachedEnd = new List<double>();
        for (var index = 0; index < graph.Nodes.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var input = graph.IsSource(index) ? batch : Concat(inputs[index]);
            if (input.Length == 0)
            {
                continue;
            }

            var node = graph.Nodes[index];
            var output = await ExecuteNodeAsync(tenant, node.Id, node.Type, node, flow, input, cancellationToken);
            var successors = graph.Successors(index);
            if (successors.Count == 0)
            {
                reachedEnd.AddRange(output);
            }

            foreach (var successor in successors)
            {
                (inputs[successor] ??= new List<double[]>()).Add(output);
            }
        }

        // Its duration is measured by the flow operation itself (FlowExecuted's duration_ms, flow_exec_duration_ms).
        return new FlowOutcome(reachedEnd.Count, nodeCount);
    }

    [FlowNode("flow.node.execute")]
    public async ValueTask<double[]> ExecuteNodeAsync(
        TenantContext tenant,
        [SpanAttribute("node_id")] string nodeId,
        [MetricLabel("node_type"), SpanAttribute("node_type")] NodeType nodeType,
        FlowNode node,
        FlowDefinition flow,
        double[] values,
        CancellationToken cancellationToken)
    {
        switch (nodeType)
        {
            case NodeType.Filter:
                return Array.FindAll(values, v => (node.Min is null || v >= node.Min) && (node.Max is null || v <= node.Max));
            case NodeType.Threshold:
                return Array.FindAll(values, v => v < (node.Min ?? double.NegativeInfinity) || v > (node.Max ?? double.PositiveInfinity));
            case NodeType.Transform:
                var scaled = new double[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    scaled[i] = (values[i] * (node.Scale ?? 1)) + (node.Offset ?? 0);
                    if (!double.IsFinite(scaled[i]))
                    {
                        throw new FlowNodeException("non_finite_value", "Transform node " + nodeId + " produced a value out of range.");
                    }
                }

                return scaled;
            default:
                await _alerts.RaiseAsync(tenant, flow.FlowId, nodeId, node.Severity, node, flow.Sensor, values, cancellationToken);
                return values;
        }
    }

    private static double[] Concat(List<double[]>? parts)
    {
        if (parts is null)
        {
            return Array.Empty<double>();
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var all = new List<double>();
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }
}

/// <summary>A flow node that cannot complete with the values it got; its code is the failure reason.</summary>
public sealed class FlowNodeException : Exception, IHasErrorCode
{
    public FlowNodeException(string errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public string ErrorCode { get; }
}
