using System;

namespace Instrumentation;

/// <summary>Selects which of an operation's instruments a metric label is attached to.</summary>
[Flags]
public enum MetricTargets
{
    /// <summary>No instrument.</summary>
    None = 0,

    /// <summary>The duration histogram.</summary>
    Duration = 1,

    /// <summary>The calls counter.</summary>
    Calls = 2,

    /// <summary>The failures counter.</summary>
    Failures = 4,

    /// <summary>The messages counter of an ingest operation.</summary>
    Messages = 8,

    /// <summary>The batch-size histogram of an ingest operation.</summary>
    BatchSize = 16,

    /// <summary>The active up-down counter of a flow operation.</summary>
    Active = 32,

    /// <summary>The queue-size instrument of a broadcast operation.</summary>
    QueueSize = 64,

    /// <summary>Every instrument of the operation.</summary>
    All = Duration | Calls | Failures | Messages | BatchSize | Active | QueueSize,
}
