using System.Collections.Generic;
using System.Threading;

namespace Instrumentation.Correlation;

/// <summary>
/// The ambient correlation fields of the running operation. Generated code pushes a frame only when
/// <see cref="IsEnabled"/> is true (a logging pipeline that reads correlation is registered), so an
/// operation allocates nothing for correlation while logging is off.
/// </summary>
public static class CorrelationContext
{
    private static readonly AsyncLocal<CorrelationFrame?> CurrentFrame = new();
    private static int s_enabled;

    /// <summary>True when some log sink reads correlation fields; generated code checks it first.</summary>
    public static bool IsEnabled => Volatile.Read(ref s_enabled) != 0;

    /// <summary>The innermost frame of the running operation, or null.</summary>
    public static CorrelationFrame? Current => CurrentFrame.Value;

    /// <summary>Turns frame pushing on or off (called by the logging registration).</summary>
    /// <param name="enabled">Whether generated code pushes frames.</param>
    public static void SetEnabled(bool enabled) => Volatile.Write(ref s_enabled, enabled ? 1 : 0);

    /// <summary>Pushes a frame for an operation that starts now; pair with <see cref="Pop"/>.</summary>
    /// <param name="orgId">The tenant's organization id.</param>
    /// <param name="projectId">The tenant's project id.</param>
    /// <param name="deviceUuid">The device uuid, if any.</param>
    /// <param name="fields">Other fields, if any.</param>
    /// <returns>The pushed frame.</returns>
    public static CorrelationFrame Push(string? orgId, string? projectId, string? deviceUuid, KeyValuePair<string, string?>[]? fields)
    {
        var frame = new CorrelationFrame(CurrentFrame.Value, orgId, projectId, deviceUuid, fields);
        CurrentFrame.Value = frame;
        return frame;
    }

    /// <summary>Restores the frame that was current before <paramref name="frame"/> was pushed.</summary>
    /// <param name="frame">The frame returned by <see cref="Push"/>.</param>
    public static void Pop(CorrelationFrame frame)
    {
        if (ReferenceEquals(CurrentFrame.Value, frame))
        {
            CurrentFrame.Value = frame.Parent;
        }
    }
}
