using System;
using System.Threading;

namespace Instrumentation.Correlation;

/// <summary>
/// The ambient correlation fields of the running operation. Generated code pushes a frame only when
/// <see cref="IsEnabled"/> is true, so an operation allocates nothing for correlation while logging is off.
/// </summary>
/// <remarks>
/// <see cref="IsEnabled"/> needs two things: logging is connected (<see cref="SetEnabled"/>, called by
/// <c>InstrumentationLogging.Use</c>), and some log line can actually be written. The second is decided at
/// <c>Use</c> (the operation logger is enabled at some level, or the factory's default rules write lines: a newcomer's
/// trial found the first line of an app that turns the operation log off without its operation's fields) and otherwise
/// learned on demand: every reader of
/// correlation — a generated log method or an operation log past its <c>IsEnabled</c> check, the JSON formatter,
/// the OpenTelemetry log processor — calls <see cref="RequestFrames"/>. So with every level disabled operations
/// allocate nothing; once a line is written, operations that start from then on carry frames (operations
/// already running when the first line of the process is written have none). The demand stays on until
/// logging is connected again.
/// </remarks>
public static class CorrelationContext
{
    private static readonly AsyncLocal<CorrelationFrame?> CurrentFrame = new();

    // What Push returns when the frame would add nothing: never current, so Pop leaves the context alone.
    private static readonly CorrelationFrame NotPushed = new(null, null, null, null, null);
    private static int s_enabled;
    private static int s_requested;

    // Set before the first frame of the process is pushed: until then every flow's frame is null, and each written log
    // line skips reading the AsyncLocal (issue 18 §4). Written before the AsyncLocal, so a flow that can see a frame
    // sees the flag.
    private static int s_pushed;

    /// <summary>True when operations push frames: logging is connected and some log line can be written.</summary>
    public static bool IsEnabled => Volatile.Read(ref s_enabled) != 0 && Volatile.Read(ref s_requested) != 0;

    /// <summary>
    /// Says that a log line is being written and reads correlation, so operations should push frames from now on.
    /// Cheap enough to call on every written line (a read, and a write the first time).
    /// </summary>
    public static void RequestFrames()
    {
        if (Volatile.Read(ref s_requested) == 0)
        {
            Volatile.Write(ref s_requested, 1);
        }
    }

    /// <summary>The innermost frame of the running operation, or null.</summary>
    public static CorrelationFrame? Current => Volatile.Read(ref s_pushed) == 0 ? null : CurrentFrame.Value;

    /// <summary>Connects or disconnects correlation (called by the logging registration).</summary>
    /// <param name="enabled">Whether logging is connected.</param>
    /// <param name="linesExpected">
    /// Whether log lines are already known to be written (frames are pushed at once); otherwise frames start
    /// with the first <see cref="RequestFrames"/>.
    /// </param>
    public static void SetEnabled(bool enabled, bool linesExpected = true)
    {
        Logging.CurrentActivityWatch.Start();
        Volatile.Write(ref s_requested, enabled && linesExpected ? 1 : 0);
        Volatile.Write(ref s_enabled, enabled ? 1 : 0);
    }

    /// <summary>
    /// Pushes a frame for an operation that starts now; pair with <see cref="Pop"/>. When the frame would add nothing to
    /// the correlation in force (the same tenant ids or none, and no field or only fields already in force with the
    /// same value and rule), nothing is pushed: no frame and no AsyncLocal write, and log lines read the same fields.
    /// </summary>
    /// <param name="orgId">The tenant's organization id.</param>
    /// <param name="projectId">The tenant's project id.</param>
    /// <param name="deviceUuid">The device uuid, if any.</param>
    /// <param name="fields">Other fields, if any: made safe when a log line first reads them (see <see cref="CorrelationField"/>).</param>
    /// <returns>The pushed frame, or a shared frame that <see cref="Pop"/> ignores when nothing was pushed.</returns>
    public static CorrelationFrame Push(string? orgId, string? projectId, string? deviceUuid, CorrelationField[]? fields)
    {
        var current = Current;
        return CorrelationFrame.AddsNothing(current, orgId, projectId, deviceUuid, fields)
            ? NotPushed
            : MakeCurrent(new CorrelationFrame(current, orgId, projectId, deviceUuid, fields));
    }

    /// <summary>
    /// Pushes a frame with one field for an operation that starts now, as <see cref="Push(string, string, string, CorrelationField[])"/>
    /// does; the field array is made only when the frame is pushed, so a frame that would add nothing (a nested operation
    /// repeating the field in force) allocates nothing. Generated code calls this for an operation with one
    /// <see cref="LogFieldAttribute"/> parameter.
    /// </summary>
    /// <param name="orgId">The tenant's organization id.</param>
    /// <param name="projectId">The tenant's project id.</param>
    /// <param name="deviceUuid">The device uuid, if any.</param>
    /// <param name="field">The field: made safe when a log line first reads it (see <see cref="CorrelationField"/>).</param>
    /// <returns>The pushed frame, or a shared frame that <see cref="Pop"/> ignores when nothing was pushed.</returns>
    public static CorrelationFrame Push(string? orgId, string? projectId, string? deviceUuid, in CorrelationField field)
    {
        var current = Current;
        return CorrelationFrame.AddsNothing(current, orgId, projectId, deviceUuid, new ReadOnlySpan<CorrelationField>(in field))
            ? NotPushed
            : MakeCurrent(new CorrelationFrame(current, orgId, projectId, deviceUuid, [field]));
    }

    private static CorrelationFrame MakeCurrent(CorrelationFrame frame)
    {
        if (Volatile.Read(ref s_pushed) == 0)
        {
            Volatile.Write(ref s_pushed, 1);
        }

        CurrentFrame.Value = frame;
        return frame;
    }

    /// <summary>Restores the frame that was current before <paramref name="frame"/> was pushed.</summary>
    /// <param name="frame">The frame returned by one of the <c>Push</c> methods (nothing happens when Push pushed nothing).</param>
    public static void Pop(CorrelationFrame frame)
    {
        if (ReferenceEquals(CurrentFrame.Value, frame))
        {
            CurrentFrame.Value = frame.Parent;
        }
    }
}
