using System;
using System.Diagnostics;
using System.Threading;

namespace Instrumentation.Operations;

/// <summary>
/// Span helpers called by generated operation code. Not meant to be called by hand.
/// </summary>
public static class OperationTracing
{
    /// <summary>Tag carrying the exception type of a failed operation.</summary>
    public const string ExceptionTypeTag = "exception.type";

    /// <summary>Tag carrying the (redacted) exception message of a failed operation.</summary>
    public const string ExceptionMessageTag = "exception.message";

    /// <summary>Tag saying why a span of an unsampled trace was kept: <c>error</c> or <c>slow</c>.</summary>
    public const string KeptBecauseTag = "sampling.kept_because";

    /// <summary>
    /// Called before an operation ends (its span is not recording its data) — by generated code of an operation with span
    /// attributes, and by <c>OperationLifecycle.End</c> for every operation before its logs: when the call is kept
    /// although its trace was not sampled — it failed (a cancellation by its caller is not a failure) or was slow —
    /// promotes its propagation-only span or creates one after the fact, not yet stopped, and returns it so its span
    /// attributes are set as they would have been at the start and its logs carry its ids; null when the call is not
    /// kept. <c>OperationLifecycle.End</c> then ends it as usual.
    /// </summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="activity">The operation's span or null; replaced by the span created after the fact.</param>
    /// <param name="name">The span name.</param>
    /// <param name="durationMs">The call's duration.</param>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="callerToken">The call's own token argument (default when the method takes none).</param>
    /// <param name="orgId">The tenant's organization, or null.</param>
    /// <param name="projectId">The tenant's project, or null.</param>
    /// <param name="deviceUuid">The tenant's device, or null.</param>
    /// <returns>The span to complete, or null.</returns>
    public static Activity? Keep(
        ActivitySource source,
        ref Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        CancellationToken callerToken,
        string? orgId,
        string? projectId,
        string? deviceUuid) =>
        Keep(source, ref activity, name, durationMs, exception, callerToken, orgId, projectId, deviceUuid, ActivityKind.Internal);

    /// <summary>As <see cref="Keep(ActivitySource, ref Activity?, string, double, Exception?, CancellationToken, string?, string?, string?)"/>, for an operation whose span is of <paramref name="kind"/>.</summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="activity">The operation's span or null; replaced by the span created after the fact.</param>
    /// <param name="name">The span name.</param>
    /// <param name="durationMs">The call's duration.</param>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="callerToken">The call's own token argument (default when the method takes none).</param>
    /// <param name="orgId">The tenant's organization, or null.</param>
    /// <param name="projectId">The tenant's project, or null.</param>
    /// <param name="deviceUuid">The tenant's device, or null.</param>
    /// <param name="kind">The span's kind (<c>[Operation(Kind = …)]</c>).</param>
    /// <returns>The span to complete, or null.</returns>
    public static Activity? Keep(
        ActivitySource source,
        ref Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        CancellationToken callerToken,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        ActivityKind kind)
    {
        var failed = OperationFailure.Counts(exception, callerToken);
        if (!IsKept(failed, durationMs))
        {
            return null;
        }

        if (activity is not null)
        {
            if (activity.Recorded)
            {
                return null;
            }

            Promote(activity, failed, orgId, projectId, deviceUuid);
            return activity;
        }

        if (!source.HasListeners())
        {
            return null;
        }

        // Current again as before (SetSpanAttributes and the operation's logs run before Finish); Activity.Stop in
        // Finish then makes current what was current when it started, the same span.
        var created = StartAfterTheFact(source, name, kind, durationMs, failed, orgId, projectId, deviceUuid, out var previous);
        Activity.Current = previous;
        activity = created;
        return created;
    }

    /// <summary>
    /// Starts the operation's span as a child of <see cref="Activity.Current"/>. Returns null when nobody
    /// samples it, when it would be an unsampled root and skipping such roots is on, and — when
    /// <see cref="OperationSettings.ParentBasedSampling"/> declares every tracer parent-based — when the
    /// parent is not recorded: the sampler would drop that child, so its sampling pass is skipped.
    /// </summary>
    public static Activity? Start(ActivitySource source, string name, bool skipUnsampledRoot) =>
        Start(source, name, skipUnsampledRoot, ActivityKind.Internal);

    /// <summary>As <see cref="Start(ActivitySource, string, bool)"/>, a span of <paramref name="kind"/>.</summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="name">The span name.</param>
    /// <param name="skipUnsampledRoot">Whether an unsampled root is skipped.</param>
    /// <param name="kind">The span's kind (<c>[Operation(Kind = …)]</c>).</param>
    /// <returns>The span, or null.</returns>
    public static Activity? Start(ActivitySource source, string name, bool skipUnsampledRoot, ActivityKind kind)
    {
        // The flags first: Activity.Current (an AsyncLocal) is read here only when it decides something.
        var skipRoots = skipUnsampledRoot || OperationSettings.SkipUnsampledRoots;
        var parentBased = OperationSettings.ParentBasedSamplingInEffect;
        if (skipRoots || parentBased)
        {
            var parent = Activity.Current;
            if (parent is null)
            {
                if (skipRoots)
                {
                    return StartSkippableRoot(source, name, kind);
                }
            }
            else if (parentBased && !parent.Recorded)
            {
                return null;
            }
        }

        return StartActivity(source, name, kind);
    }

    /// <summary>Sets <c>org_id</c>, <c>project_id</c> and <c>device_uuid</c> (those that are known).</summary>
    public static void SetTenant(Activity activity, string? orgId, string? projectId, string? deviceUuid)
    {
        if (orgId is not null)
        {
            activity.SetTag("org_id", orgId);
        }

        if (projectId is not null)
        {
            activity.SetTag("project_id", projectId);
        }

        if (deviceUuid is not null)
        {
            activity.SetTag("device_uuid", deviceUuid);
        }
    }

    /// <summary>
    /// Ends the operation's span: error status and exception type on failure, and a failed or slow
    /// operation in an unsampled trace is recorded anyway (its propagation-only span is promoted, or
    /// a span is created after the fact with the operation's start time).
    /// </summary>
    public static void Finish(
        ActivitySource source,
        Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        string? orgId,
        string? projectId,
        string? deviceUuid) =>
        Finish(source, activity, name, durationMs, exception, orgId, projectId, deviceUuid, ActivityKind.Internal);

    /// <summary>As <see cref="Finish(ActivitySource, Activity?, string, double, Exception?, string?, string?, string?)"/>, for a span of <paramref name="kind"/>.</summary>
    /// <param name="source">The operation's source.</param>
    /// <param name="activity">The operation's span or null.</param>
    /// <param name="name">The span name.</param>
    /// <param name="durationMs">The call's duration.</param>
    /// <param name="exception">The exception the call ended with, or null.</param>
    /// <param name="orgId">The tenant's organization, or null.</param>
    /// <param name="projectId">The tenant's project, or null.</param>
    /// <param name="deviceUuid">The tenant's device, or null.</param>
    /// <param name="kind">The span's kind (<c>[Operation(Kind = …)]</c>).</param>
    public static void Finish(
        ActivitySource source,
        Activity? activity,
        string name,
        double durationMs,
        Exception? exception,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        ActivityKind kind)
    {
        var failed = exception is not null;
        var keep = IsKept(failed, durationMs);
        if (activity is not null)
        {
            if (keep && !activity.Recorded)
            {
                Promote(activity, failed, orgId, projectId, deviceUuid);
            }

            if (failed && activity.IsAllDataRequested)
            {
                SetError(activity, exception!);
            }

            // Activity.Stop makes current what was current when the span started, whatever is current now. A method that
            // leaves another span current for its caller (one it started and returns, a remote parent it restores, null)
            // keeps it so, as without the SDK (a stranger's trial: after 'return source.StartActivity(…)' the caller's
            // Activity.Current was the caller's own span again).
            var current = Activity.Current;
            Stop(activity);
            if (!ReferenceEquals(current, activity))
            {
                Activity.Current = current;
            }

            return;
        }

        if (keep && source.HasListeners())
        {
            RecordAfterTheFact(source, name, kind, durationMs, exception, orgId, projectId, deviceUuid);
        }
    }

    /// <summary>Whether a call is recorded although its trace was not sampled: it failed or was slow.</summary>
    private static bool IsKept(bool failed, double durationMs) => failed || durationMs >= OperationSettings.SlowThresholdMilliseconds;

    /// <summary>Records a propagation-only span after all, with why and the tenant.</summary>
    private static void Promote(Activity activity, bool failed, string? orgId, string? projectId, string? deviceUuid)
    {
        activity.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        activity.IsAllDataRequested = true;
        activity.SetTag(KeptBecauseTag, failed ? "error" : "slow");
        SetTenant(activity, orgId, projectId, deviceUuid);
    }

    /// <summary>A root whose propagation-only form is skipped: sampled up front by ratio, else no span.</summary>
    private static Activity? StartSkippableRoot(ActivitySource source, string name, ActivityKind kind)
    {
        if (!OperationSampling.ShouldSampleRoot())
        {
            return null;
        }

        OperationSampling.SetRecordForced(true);
        try
        {
            return StartActivity(source, name, kind);
        }
        finally
        {
            OperationSampling.SetRecordForced(false);
        }
    }

    private static void SetError(Activity activity, Exception exception)
    {
        // An error description the app set on its operation's span stays (setting the status again drops it: a stranger's
        // worker lost its own reason); Ok or unset becomes Error without a description, as OpenTelemetry asks.
        if (activity.Status != ActivityStatusCode.Error)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.SetTag(ExceptionTypeTag, exception.GetType().FullName);
        var message = ExceptionMessageRedaction.Redact(exception);
        if (message is not null)
        {
            activity.SetTag(ExceptionMessageTag, message);
        }
    }

    private static void RecordAfterTheFact(
        ActivitySource source,
        string name,
        ActivityKind kind,
        double durationMs,
        Exception? exception,
        string? orgId,
        string? projectId,
        string? deviceUuid)
    {
        var activity = StartAfterTheFact(source, name, kind, durationMs, exception is not null, orgId, projectId, deviceUuid, out var previous);
        if (activity is null)
        {
            return;
        }

        if (exception is not null)
        {
            SetError(activity, exception);
        }

        Stop(activity);
        Activity.Current = previous;
    }

    /// <summary>A recorded span that started <paramref name="durationMs"/> ago under the current one, with the kept tag and tenant; running.</summary>
    private static Activity? StartAfterTheFact(
        ActivitySource source,
        string name,
        ActivityKind kind,
        double durationMs,
        bool failed,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        out Activity? previous)
    {
        previous = Activity.Current;
        var parentContext = previous is null
            ? default
            : new ActivityContext(previous.TraceId, previous.SpanId, previous.ActivityTraceFlags | ActivityTraceFlags.Recorded);
        var startTime = DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(durationMs);

        Activity? activity;
        OperationSampling.SetRecordForced(true);
        try
        {
            activity = StartActivity(source, name, kind, parentContext, startTime);
        }
        finally
        {
            OperationSampling.SetRecordForced(false);
        }

        if (activity is null)
        {
            // Also when a listener threw: the span it was told of is no longer current (its parent is a context here, so
            // the one that was current before is put back).
            Activity.Current = previous;
            return null;
        }

        activity.SetTag(KeptBecauseTag, failed ? "error" : "slow");
        SetTenant(activity, orgId, projectId, deviceUuid);
        return activity;
    }

    /// <summary>
    /// Starts a span: the sampler and every listener's <c>ActivityStarted</c> run here, the app's code on the SDK's behalf
    /// (<see cref="SdkCallout"/>). A listener that throws costs the call its span, not the call: without the SDK there was
    /// no span to call it for (a stranger's trial: the method never ran). .NET makes the span current before it calls the
    /// listeners, so the caller's current span is put back.
    /// </summary>
    private static Activity? StartActivity(ActivitySource source, string name, ActivityKind kind)
    {
        SdkCallout.Enter();
        try
        {
            return source.StartActivity(name, kind);
        }
        catch (Exception)
        {
            return AfterAListenerThrew(source, name);
        }
        finally
        {
            SdkCallout.Exit();
        }
    }

    /// <summary>As <see cref="StartActivity(ActivitySource, string, ActivityKind)"/>, under a parent context and at a start time (a span recorded after the fact).</summary>
    private static Activity? StartActivity(ActivitySource source, string name, ActivityKind kind, ActivityContext parentContext, DateTimeOffset startTime)
    {
        SdkCallout.Enter();
        try
        {
            return source.StartActivity(name, kind, parentContext, tags: null, links: null, startTime);
        }
        catch (Exception)
        {
            return AfterAListenerThrew(source, name);
        }
        finally
        {
            SdkCallout.Exit();
        }
    }

    /// <summary>
    /// No span, after a listener threw while one started. Thrown by <c>ActivityStarted</c>: the new span is current, and its
    /// parent is what was current before when it started under <see cref="Activity.Current"/>. Thrown by <c>Sample</c>: no
    /// span was made, nothing to put back.
    /// </summary>
    private static Activity? AfterAListenerThrew(ActivitySource source, string name)
    {
        if (Activity.Current is { } started && ReferenceEquals(started.Source, source) && started.OperationName == name && started.Duration == TimeSpan.Zero)
        {
            Activity.Current = started.Parent;
        }

        return null;
    }

    /// <summary>
    /// Stops a span: every listener's <c>ActivityStopped</c> (OpenTelemetry's processors, a simple exporter) runs here, the
    /// app's code on the SDK's behalf (<see cref="SdkCallout"/>). A listener that throws does not fail the call that
    /// already ran (a stranger's trial: a call that had worked looked failed); the span's parent is made current, as the
    /// stop would have.
    /// </summary>
    private static void Stop(Activity activity)
    {
        SdkCallout.Enter();
        try
        {
            activity.Stop();
        }
        catch (Exception)
        {
            if (ReferenceEquals(Activity.Current, activity))
            {
                Activity.Current = activity.Parent;
            }
        }
        finally
        {
            SdkCallout.Exit();
        }
    }
}
