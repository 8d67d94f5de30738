using System;
using System.Collections.Generic;
using System.Linq;
using EdgeIngest.Domain;

namespace EdgeIngest.Flows;

/// <summary>
/// One node of a flow as the API receives it and the store keeps it: an id, a type and the parameters
/// of that type (filter/threshold: <c>min</c>, <c>max</c>; transform: <c>scale</c>, <c>offset</c>;
/// alert: <c>severity</c>, <c>message</c>).
/// </summary>
public sealed record FlowNodeSpec(string? Id, string? Type, double? Min = null, double? Max = null, double? Scale = null, double? Offset = null, string? Severity = null, string? Message = null);

/// <summary>An edge of a flow: the values <c>from</c> produces go to <c>to</c>.</summary>
public sealed record FlowEdgeSpec(string? From, string? To);

/// <summary>A validated node.</summary>
public sealed record FlowNode(string Id, NodeType Type, double? Min, double? Max, double? Scale, double? Offset, AlertSeverity Severity, string? Message);

/// <summary>
/// A validated flow graph: at most <see cref="MaxNodes"/> nodes of known types with valid parameters and
/// edges between known nodes, without cycles. <see cref="Nodes"/> is in topological order (a node comes
/// after every node that feeds it), which is the order the engine runs them in.
/// </summary>
public sealed class FlowGraph
{
    public const int MaxNodes = 32;
    public const int MaxEdges = 64;
    public const int MaxMessageLength = 200;

    private readonly int[][] _successors;
    private readonly bool[] _sources;

    private FlowGraph(FlowNode[] nodes, int[][] successors, bool[] sources, FlowEdgeSpec[] edges)
    {
        Nodes = nodes;
        _successors = successors;
        _sources = sources;
        Edges = edges;
    }

    /// <summary>The nodes in topological order.</summary>
    public IReadOnlyList<FlowNode> Nodes { get; }

    /// <summary>The edges, by node id.</summary>
    public IReadOnlyList<FlowEdgeSpec> Edges { get; }

    /// <summary>Indexes (into <see cref="Nodes"/>) of the nodes fed by node <paramref name="index"/>.</summary>
    public IReadOnlyList<int> Successors(int index) => _successors[index];

    /// <summary>True when nothing feeds node <paramref name="index"/>: it receives the readings themselves.</summary>
    public bool IsSource(int index) => _sources[index];

    /// <summary>
    /// Validates nodes and edges. Without <paramref name="edgeSpecs"/> the nodes form a chain in the order given
    /// (ids default to n1, n2, …). Every problem is an <see cref="EdgeIngestException"/> with a code:
    /// invalid_flow, duplicate_node_id, unknown_node_type, invalid_node_parameters, unknown_node, flow_cycle.
    /// </summary>
    public static FlowGraph Build(IReadOnlyList<FlowNodeSpec>? nodeSpecs, IReadOnlyList<FlowEdgeSpec>? edgeSpecs)
    {
        if (nodeSpecs is not { Count: > 0 } || nodeSpecs.Count > MaxNodes)
        {
            throw new EdgeIngestException(ErrorCodes.InvalidFlow, "A flow needs 1 to " + MaxNodes + " nodes.");
        }

        var chain = edgeSpecs is null;
        var nodes = new FlowNode[nodeSpecs.Count];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodeSpecs.Count; i++)
        {
            var spec = nodeSpecs[i] ?? throw new EdgeIngestException(ErrorCodes.InvalidFlow, "nodes[" + i + "] is null.");
            var id = spec.Id ?? (chain ? "n" + (i + 1) : throw new EdgeIngestException(ErrorCodes.InvalidFlow, "nodes[" + i + "].id is required when edges are given."));
            if (id.Length is 0 or > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new EdgeIngestException(ErrorCodes.InvalidFlow, "nodes[" + i + "].id must be 1 to 40 letters, digits, '_' or '-'.");
            }

            if (!indexOf.TryAdd(id, i))
            {
                throw new EdgeIngestException(ErrorCodes.DuplicateNodeId, "Node id '" + id + "' is used twice.");
            }

            nodes[i] = Validate(id, spec);
        }

        var edges = new List<FlowEdgeSpec>();
        if (chain)
        {
            for (var i = 1; i < nodes.Length; i++)
            {
                edges.Add(new FlowEdgeSpec(nodes[i - 1].Id, nodes[i].Id));
            }
        }
        else
        {
            if (edgeSpecs!.Count > MaxEdges)
            {
                throw new EdgeIngestException(ErrorCodes.InvalidFlow, "A flow has at most " + MaxEdges + " edges.");
            }

            var seen = new HashSet<(string, string)>();
            foreach (var edge in edgeSpecs)
            {
                if (edge?.From is not { } from || edge.To is not { } to)
                {
                    throw new EdgeIngestException(ErrorCodes.InvalidFlow, "Every edge needs 'from' and 'to'.");
                }

                if (!indexOf.ContainsKey(from) || !indexOf.ContainsKey(to))
                {
                    throw new EdgeIngestException(ErrorCodes.UnknownNode, "Edge " + from + " -> " + to + " names a node that does not exist.");
                }

                if (from == to)
                {
                    throw new EdgeIngestException(ErrorCodes.FlowCycle, "Node '" + from + "' feeds itself.");
                }

                if (!seen.Add((from, to)))
                {
                    throw new EdgeIngestException(ErrorCodes.InvalidFlow, "Edge " + from + " -> " + to + " is given twice.");
                }

                edges.Add(new FlowEdgeSpec(from, to));
            }
        }

        return Sort(nodes, indexOf, edges);
    }

    /// <summary>Kahn's algorithm, stable on the order the nodes were given; a leftover node means a cycle.</summary>
    private static FlowGraph Sort(FlowNode[] nodes, Dictionary<string, int> indexOf, List<FlowEdgeSpec> edges)
    {
        var successors = new List<int>[nodes.Length];
        var incoming = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            successors[i] = new List<int>();
        }

        foreach (var edge in edges)
        {
            successors[indexOf[edge.From!]].Add(indexOf[edge.To!]);
            incoming[indexOf[edge.To!]]++;
        }

        var sources = incoming.Select(count => count == 0).ToArray();
        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Length).Where(i => incoming[i] == 0));
        var order = new List<int>(nodes.Length);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(next);
            foreach (var successor in successors[next])
            {
                if (--incoming[successor] == 0)
                {
                    ready.Add(successor);
                }
            }
        }

        if (order.Count != nodes.Length)
        {
            var stuck = Enumerable.Range(0, nodes.Length).Where(i => incoming[i] > 0).Select(i => nodes[i].Id);
            throw new EdgeIngestException(ErrorCodes.FlowCycle, "The edges form a cycle through " + string.Join(", ", stuck) + ".");
        }

        var position = new int[nodes.Length];
        for (var i = 0; i < order.Count; i++)
        {
            position[order[i]] = i;
        }

        var sorted = order.Select(i => nodes[i]).ToArray();
        var sortedSuccessors = order.Select(i => successors[i].Select(s => position[s]).ToArray()).ToArray();
        var sortedSources = order.Select(i => sources[i]).ToArray();
        return new FlowGraph(sorted, sortedSuccessors, sortedSources, edges.ToArray());
    }

    private static FlowNode Validate(string id, FlowNodeSpec spec)
    {
        var type = DomainNames.ParseNodeType(spec.Type)
            ?? throw new EdgeIngestException(ErrorCodes.UnknownNodeType, "Node '" + id + "': type must be filter, threshold, transform or alert, not '" + spec.Type + "'.");
        EdgeIngestException Invalid(string problem) => new(ErrorCodes.InvalidNodeParameters, "Node '" + id + "' (" + DomainNames.NodeTypeName(type) + "): " + problem + ".");
        foreach (var number in new[] { spec.Min, spec.Max, spec.Scale, spec.Offset })
        {
            if (number is { } value && !double.IsFinite(value))
            {
                throw Invalid("numbers must be finite");
            }
        }

        var hasRange = spec.Min is not null || spec.Max is not null;
        var hasScale = spec.Scale is not null || spec.Offset is not null;
        var hasAlert = spec.Severity is not null || spec.Message is not null;
        var severity = AlertSeverity.Warning;
        switch (type)
        {
            case NodeType.Filter or NodeType.Threshold:
                if (!hasRange || hasScale || hasAlert)
                {
                    throw Invalid("takes min and/or max, and nothing else");
                }

                if (spec.Min > spec.Max)
                {
                    throw Invalid("min must not be greater than max");
                }

                break;
            case NodeType.Transform:
                if (!hasScale || hasRange || hasAlert)
                {
                    throw Invalid("takes scale and/or offset, and nothing else");
                }

                break;
            default:
                if (hasRange || hasScale)
                {
                    throw Invalid("takes severity and message only");
                }

                severity = DomainNames.ParseSeverity(spec.Severity) ?? throw Invalid("severity must be info, warning or critical");
                if (spec.Message is { Length: > MaxMessageLength })
                {
                    throw Invalid("message is limited to " + MaxMessageLength + " characters");
                }

                if (spec.Message is not null && spec.Message.Contains('\0', StringComparison.Ordinal))
                {
                    // Stored with every alert: SQLite kept it, PostgreSQL refused the flow's alert inserts.
                    throw Invalid("message must not hold a NUL character");
                }

                break;
        }

        return new FlowNode(id, type, spec.Min, spec.Max, spec.Scale, spec.Offset, severity, spec.Message);
    }

    /// <summary>The graph as the API and the store describe it (nodes in topological order).</summary>
    public (IReadOnlyList<FlowNodeSpec> Nodes, IReadOnlyList<FlowEdgeSpec> Edges) ToSpec() =>
        (Nodes.Select(n => new FlowNodeSpec(n.Id, DomainNames.NodeTypeName(n.Type), n.Min, n.Max, n.Scale, n.Offset,
            n.Type == NodeType.Alert ? DomainNames.Severity(n.Severity) : null, n.Message)).ToList(), Edges);
}
