using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Instrumentation.Operations;

/// <summary>
/// Whether an operation that ended with an exception failed. A <b>cancellation</b> is not a failure: an
/// <see cref="OperationCanceledException"/> (also <c>TaskCanceledException</c>) while the operation's own
/// <see cref="CancellationToken"/> argument (without one, the token of its gRPC, HTTP or SignalR call-context argument) is cancelled — the caller gave up, a gRPC deadline passed, an HTTP request was
/// aborted — and no <see cref="TimeoutException"/> among its causes; also an <see cref="System.IO.IOException"/> while
/// that token is cancelled: a client that resets its request stream makes ASP.NET Core's and gRPC's stream readers throw
/// one ("The client reset the request stream."), not a cancellation (a gRPC team's trial: every client that cancelled a
/// client-streaming or bidirectional call counted a failure and wrote an Error line). It counts no failure, writes no failure log, does not
/// keep the trace as an error trace, and a recorded span ends with status Unset and <c>operation.cancelled = true</c>, as
/// OpenTelemetry's conventions treat a cancelled call. Anything else stays a failure: a cancellation the operation did not
/// receive (a timeout of its own, <c>new CancellationTokenSource(TimeSpan)</c> inside the method; an operation without a
/// token parameter) and a timeout that surfaces as a cancellation (<c>HttpClient.Timeout</c>).
/// <see cref="OperationSettings.CancellationIsFailure"/> counts every cancellation as a failure again.
/// Called by generated code; not meant to be called by hand.
/// </summary>
public static class OperationFailure
{
    /// <summary>
    /// What awaiting <paramref name="task"/>, already completed, would throw: its first exception when it faulted, the
    /// cancellation it keeps (with its causes) when it was cancelled, null when it succeeded. Generated code ends the
    /// operation with it and hands the task back as it is — every exception of a <c>Task.WhenAll</c> kept, a
    /// <c>Task&lt;int&gt;</c> returned as <c>Task</c> still one (a stranger's tests: both were lost when such a task went
    /// through the awaiting path).
    /// </summary>
    /// <param name="task">A completed task.</param>
    /// <returns>The exception the operation ended with, or null.</returns>
    public static Exception? OfCompletedTask(System.Threading.Tasks.Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsFaulted)
        {
            return task.Exception?.InnerException ?? task.Exception;
        }

        if (!task.IsCanceled)
        {
            return null;
        }

        // The cancellation the task keeps, as await throws it: its causes tell a timeout from the caller giving up
        // (a new TaskCanceledException(task) has none, and a timed-out call counted as cancelled).
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException cancellation)
        {
            return cancellation;
        }

        return new System.Threading.Tasks.TaskCanceledException(task);
    }

    /// <summary>True when <paramref name="exception"/> is the operation's failure (not null and not a cancellation).</summary>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="callerToken">The call's own token argument (default when the method takes none).</param>
    /// <returns>Whether the call failed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Counts(Exception? exception, CancellationToken callerToken) =>
        exception is not null && !IsCancellation(exception, callerToken);

    /// <summary>True when <paramref name="exception"/> is a cancellation of the call by its caller, not counted as a failure.</summary>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="callerToken">The call's own token argument (default when the method takes none).</param>
    /// <returns>Whether the call was cancelled.</returns>
    public static bool IsCancellation(Exception? exception, CancellationToken callerToken) =>
        exception is OperationCanceledException or System.IO.IOException
        && callerToken.IsCancellationRequested
        && !OperationSettings.CancellationIsFailure
        && !CausedByTimeout(exception);

    private static bool CausedByTimeout(Exception exception)
    {
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
