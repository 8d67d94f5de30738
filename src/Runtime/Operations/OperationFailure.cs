using System;
using System.Runtime.CompilerServices;

namespace Instrumentation.Operations;

/// <summary>
/// Whether an operation that ended with an exception failed. A <b>cancellation</b> — an
/// <see cref="OperationCanceledException"/> (also <c>TaskCanceledException</c>) that no <see cref="TimeoutException"/>
/// caused: the caller gave up, a gRPC deadline passed, an HTTP request was aborted — is not a failure: it counts no
/// failure, writes no failure log, does not keep the trace as an error trace, and a recorded span ends with status Unset
/// and <c>operation.cancelled = true</c>, as OpenTelemetry's conventions treat a cancelled call. A timeout that surfaces
/// as a cancellation (<c>HttpClient.Timeout</c>: a <c>TaskCanceledException</c> caused by a <see cref="TimeoutException"/>)
/// stays a failure. <see cref="OperationSettings.CancellationIsFailure"/> counts every cancellation as a failure again.
/// Called by generated code; not meant to be called by hand.
/// </summary>
public static class OperationFailure
{
    /// <summary>True when <paramref name="exception"/> is the operation's failure (not null and not a cancellation).</summary>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <returns>Whether the call failed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Counts(Exception? exception) =>
        exception is not null && (exception is not OperationCanceledException || IsFailure((OperationCanceledException)exception));

    /// <summary>True when <paramref name="exception"/> is a cancellation that is not counted as a failure.</summary>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <returns>Whether the call was cancelled.</returns>
    public static bool IsCancellation(Exception? exception) => exception is OperationCanceledException cancelled && !IsFailure(cancelled);

    private static bool IsFailure(OperationCanceledException exception) =>
        OperationSettings.CancellationIsFailure || exception.InnerException is TimeoutException;
}
