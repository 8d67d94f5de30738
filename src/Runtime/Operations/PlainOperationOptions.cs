using System;
using System.ComponentModel;

namespace Instrumentation.Operations;

/// <summary>The per-operation switches of a <see cref="PlainOperation"/>, from its attribute and the build's settings.</summary>
[Flags]
[EditorBrowsable(EditorBrowsableState.Never)]
#pragma warning disable CA1711 // "Options" names a set of flags here, as in RegexOptions; it is not an options class.
public enum PlainOperationOptions
#pragma warning restore CA1711
{
    /// <summary>Default: unsampled roots get their propagation span, no start or completion log.</summary>
    None = 0,

    /// <summary>A root call the sampler does not record starts no span (<c>SkipUnsampledRoot</c>).</summary>
    SkipUnsampledRoot = 1,

    /// <summary>Writes the operation's start log (<c>LogStart</c>).</summary>
    LogStart = 2,

    /// <summary>Writes the operation's completion log (<c>LogCompletion</c>).</summary>
    LogCompletion = 4,

    /// <summary>The span is a <see cref="System.Diagnostics.ActivityKind.Server"/> span (<c>Kind</c>).</summary>
    ServerSpan = 8,

    /// <summary>The span is a <see cref="System.Diagnostics.ActivityKind.Client"/> span (<c>Kind</c>).</summary>
    ClientSpan = 16,

    /// <summary>The span is a <see cref="System.Diagnostics.ActivityKind.Producer"/> span (<c>Kind</c>).</summary>
    ProducerSpan = 32,

    /// <summary>The span is a <see cref="System.Diagnostics.ActivityKind.Consumer"/> span (<c>Kind</c>).</summary>
    ConsumerSpan = 64,
}
