using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Flows;

/// <summary>
/// Runs the flows of a project over each ingested batch: filter, threshold, transform and alert nodes,
/// in order. Each execution and each node is an instrumented operation.
/// </summary>
public sealed class FlowEngine
{
    private readonly ConcurrentDictionary<(string ProjectId, SensorKind Sensor), List<FlowDefinition>> _flows = new();
    private long _alerts;
    private long _executions;

    public long Alerts => Interlocked.Read(ref _alerts);

    public long Executions => Interlocked.Read(ref _executions);

    public void Register(FlowDefinition flow)
    {
        var list = _flows.GetOrAdd((flow.ProjectId, flow.Sensor), _ => new List<FlowDefinition>());
        lock (list)
        {
            list.Add(flow);
        }
    }

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
                await ExecuteAsync(tenant, flow.FlowId, flow.Template, flow.Nodes.Count, Guid.NewGuid().ToString("N"), flow, readings, cancellationToken);
            }
            catch (FlowNodeException)
            {
                // Counted and traced by the flow operation (flow_failures_total{reason}); one broken flow must not stop ingest.
            }
        }
    }

    [Flow("flow.execute")]
    [FunnelEvent("FlowExecuted", OrgId = "tenant.OrgId", ProjectId = "tenant.ProjectId", DurationProperty = "duration_ms", Properties = new[] { "node_count=return.NodeCount", "flow_uuid=flowId" })]
    public async Task<FlowOutcome> ExecuteAsync(
        TenantContext tenant,
        [SpanAttribute("flow_id"), LogField("flow_id")] string flowId,
        [MetricLabel("flow"), BoundedValues("threshold_alert", "smoothing", "range_filter")] string template,
        [SpanAttribute("node_count")] int nodeCount,
        [LogField("exec_id")] string execId,
        FlowDefinition flow,
        IReadOnlyList<Reading> readings,
        CancellationToken cancellationToken)
    {
        var values = new double[readings.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = readings[i].Value;
        }

        foreach (var node in flow.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            values = ExecuteNode(tenant, node.NodeId, node.Type, node, values);
            if (values.Length == 0)
            {
                break;
            }
        }

        Interlocked.Increment(ref _executions);
        await Task.CompletedTask;
        return new FlowOutcome(values.Length, nodeCount);
    }

    [FlowNode("flow.node.execute")]
    public double[] ExecuteNode(
        TenantContext tenant,
        [SpanAttribute("node_id")] string nodeId,
        [MetricLabel("node_type"), SpanAttribute("node_type")] NodeType nodeType,
        FlowNodeDefinition node,
        double[] values)
    {
        switch (nodeType)
        {
            case NodeType.Filter:
                return Array.FindAll(values, v => (node.Min is null || v >= node.Min) && (node.Max is null || v <= node.Max));
            case NodeType.Threshold:
                if (node.Min is { } min && node.Max is { } max && min > max)
                {
                    throw new FlowNodeException("invalid_threshold", "Threshold node " + nodeId + " has min > max.");
                }

                return Array.FindAll(values, v => v < (node.Min ?? double.MinValue) || v > (node.Max ?? double.MaxValue));
            case NodeType.Transform:
                var scaled = new double[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    scaled[i] = (values[i] * (node.Scale ?? 1)) + (node.Offset ?? 0);
                }

                return scaled;
            default:
                Interlocked.Add(ref _alerts, values.Length);
                return values;
        }
    }
}

/// <summary>A flow node that cannot run with its configuration; its code is the failure reason.</summary>
public sealed class FlowNodeException : Exception, IHasErrorCode
{
    public FlowNodeException(string errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public string ErrorCode { get; }
}
