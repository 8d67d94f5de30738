using System;
using System.Diagnostics;
using System.Threading;
using Instrumentation.Correlation;
using Instrumentation.Logging;

namespace Instrumentation.Operations;

/// <summary>
/// The parts of an operation's begin and end that are the same for every operation, called by generated code so
/// that each annotated method's generated class holds only what differs (its instruments, labels, captured values).
/// Not meant to be called by hand.
/// </summary>
public static class OperationLifecycle
{
    /// <summary>The attribute of a span whose operation was cancelled (<see cref="OperationFailure"/>).</summary>
    private const string CancelledTag = "operation.cancelled";

    private static readonly object True = true;

    /// <summary>
    /// True while operation logs or correlation frames are on: every operation then takes its live path, whether
    /// or not a span or an instrument is listened to.
    /// </summary>
    public static bool AlwaysLive => OperationLog.IsConfigured || CorrelationContext.IsEnabled;

    /// <summary>
    /// Starts the span when the source has listeners (see <c>OperationTracing.Start</c>) and, when it records
    /// data, sets the tenant attributes that are known. Null when no span is started — also for a call made while the
    /// SDK renders a telemetry value on this thread (a getter of a span attribute that calls an annotated method): the
    /// app did not make that call, and its span would render its own attributes in turn.
    /// </summary>
    public static Activity? Begin(ActivitySource source, string name, bool skipUnsampledRoot, string? orgId, string? projectId, string? deviceUuid) =>
        Begin(source, name, skipUnsampledRoot, orgId, projectId, deviceUuid, ActivityKind.Internal);

    /// <summary>As <see cref="Begin(ActivitySource, string, bool, string?, string?, string?)"/>, a span of <paramref name="kind"/> (<c>[Operation(Kind = …)]</c>).</summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="name">The span name.</param>
    /// <param name="skipUnsampledRoot">Whether an unsampled root is skipped.</param>
    /// <param name="orgId">The tenant's organization, or null.</param>
    /// <param name="projectId">The tenant's project, or null.</param>
    /// <param name="deviceUuid">The tenant's device, or null.</param>
    /// <param name="kind">The span's kind.</param>
    /// <returns>The span, or null.</returns>
    public static Activity? Begin(ActivitySource source, string name, bool skipUnsampledRoot, string? orgId, string? projectId, string? deviceUuid, ActivityKind kind)
    {
        if (!source.HasListeners() || SdkCallout.Active)
        {
            return null;
        }

        var activity = OperationTracing.Start(source, name, skipUnsampledRoot, kind);
        if (activity is { IsAllDataRequested: true })
        {
            OperationTracing.SetTenant(activity, orgId, projectId, deviceUuid);
        }

        return activity;
    }

    /// <summary>A correlation frame with the tenant ids and no fields, or null while correlation is off.</summary>
    public static CorrelationFrame? Push(string? orgId, string? projectId, string? deviceUuid) =>
        CorrelationContext.IsEnabled ? CorrelationContext.Push(orgId, projectId, deviceUuid, null) : null;

    /// <summary>
    /// After the metrics are recorded: the failure log (or the completion log when the operation asks for it), the
    /// span's end (<c>OperationTracing.Finish</c>, also for a failed or slow operation without a span), and
    /// the correlation frame popped. An exception that cancels the call through <paramref name="callerToken"/> (the
    /// call's own token argument, default when it takes none) is no failure (<see cref="OperationFailure"/>).
    /// </summary>
    public static void End(
        ActivitySource source,
        Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        CorrelationFrame? frame,
        bool logCompletion,
        CancellationToken callerToken) =>
        End(source, activity, name, durationMs, exception, orgId, projectId, deviceUuid, frame, logCompletion, callerToken, ActivityKind.Internal);

    /// <summary>As the overload without <paramref name="kind"/>, for a span of <paramref name="kind"/> (<c>[Operation(Kind = …)]</c>).</summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="activity">The operation's span or null.</param>
    /// <param name="name">The span name.</param>
    /// <param name="durationMs">The call's duration.</param>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="orgId">The tenant's organization, or null.</param>
    /// <param name="projectId">The tenant's project, or null.</param>
    /// <param name="deviceUuid">The tenant's device, or null.</param>
    /// <param name="frame">The correlation frame to pop, or null.</param>
    /// <param name="logCompletion">Whether a completion log is written.</param>
    /// <param name="callerToken">The call's own token argument (default when the method takes none).</param>
    /// <param name="kind">The span's kind.</param>
    public static void End(
        ActivitySource source,
        Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        CorrelationFrame? frame,
        bool logCompletion,
        CancellationToken callerToken,
        ActivityKind kind)
    {
        var cancelled = OperationFailure.IsCancellation(exception, callerToken);
        if (cancelled)
        {
            // A cancellation is not a failure (OperationFailure): no failure log, no error trace kept.
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(CancelledTag, True);
            }

            exception = null;
        }

        var kept = exception is not null || durationMs >= OperationSettings.SlowThresholdMilliseconds;
        if (kept)
        {
            // A failed or slow call in a trace that was not sampled is recorded anyway (OperationTracing.Finish). Its span
            // exists before its log, so the log names the span that is exported: it named the unrecorded parent (a
            // newcomer's trial at the default 10 %: the failure line's span_id was the request's, which no backend had).
            OperationTracing.Keep(source, ref activity, name, durationMs, exception, callerToken, orgId, projectId, deviceUuid, kind);
        }

        var failureLog = exception is not null && OperationLog.IsConfigured && OperationLog.IsFailureEnabled;
        var completionLog = exception is null && logCompletion && !cancelled && OperationLog.IsConfigured && OperationLog.IsInformationEnabled;
        if (failureLog || completionLog)
        {
            // The log carries the ids of Activity.Current: the operation's recorded span, also where it is not current here
            // (one recorded after the fact is started and left not current until it ends).
            var current = Activity.Current;
            var switched = activity is { Recorded: true } && !ReferenceEquals(current, activity);
            if (switched)
            {
                Activity.Current = activity;
            }

            try
            {
                if (failureLog)
                {
                    OperationLog.Failed(name, exception!, durationMs);
                }
                else
                {
                    OperationLog.Completed(name, durationMs);
                }
            }
            finally
            {
                if (switched)
                {
                    Activity.Current = current;
                }
            }
        }

        if (activity is not null || kept)
        {
            OperationTracing.Finish(source, activity, name, durationMs, exception, orgId, projectId, deviceUuid, kind);
        }

        if (frame is not null)
        {
            CorrelationContext.Pop(frame);
        }
    }
}
