using System.ComponentModel;
using System.Diagnostics;
using Instrumentation.Correlation;

namespace Instrumentation.Operations;

/// <summary>
/// What one call of a <see cref="PlainOperation"/> keeps between its begin and its end: the span, the correlation
/// frame, the start time and the tenant ids the call was made for. A local of the generated interceptor, passed by
/// reference; copied once into the continuation when the call completes asynchronously. Not for application code.
/// It has no constructor: interceptors declare it as <c>OperationState __state = default;</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct OperationState
{
    /// <summary>The operation's span, or null when none was started.</summary>
    public Activity? Activity { get; set; }

    /// <summary>The caller's current span, given back when an asynchronous call returns before it completes.</summary>
    public Activity? Previous { get; set; }

    /// <summary>The correlation frame pushed for the call, or null while correlation is off.</summary>
    public CorrelationFrame? Frame { get; set; }

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> the call started at (only when it has no span).</summary>
    public long StartTimestamp { get; set; }

    /// <summary>The organization the call was made for, when known.</summary>
    public string? OrgId { get; set; }

    /// <summary>The project the call was made for, when known.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The device the call was made for, when known.</summary>
    public string? DeviceUuid { get; set; }

    /// <summary>
    /// The call's own <see cref="System.Threading.CancellationToken"/> argument (the method's first parameter of that type),
    /// or none: a cancellation is not a failure only when this token was cancelled (<see cref="OperationFailure"/>).
    /// </summary>
    public System.Threading.CancellationToken CallerToken { get; set; }

    /// <summary>The call began while the SDK ran the app's code on its own behalf (<see cref="SdkCallout"/>): nothing is recorded.</summary>
    internal bool Suppressed { get; set; }
}
