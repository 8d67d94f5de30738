namespace Instrumentation;

/// <summary>The kind of an instrumented operation. Each kind has its own default metric names.</summary>
public enum OperationKind
{
    /// <summary>A generic operation: database writes, time-series writes, auth checks, background jobs.</summary>
    Operation = 0,

    /// <summary>Receiving and storing data from a device or client.</summary>
    Ingest = 1,

    /// <summary>Pushing data to subscribers (dashboards, widgets).</summary>
    Broadcast = 2,

    /// <summary>Executing a whole flow (a small graph of nodes).</summary>
    Flow = 3,

    /// <summary>Executing one node of a flow.</summary>
    FlowNode = 4,
}
