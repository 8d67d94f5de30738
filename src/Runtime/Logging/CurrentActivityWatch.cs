using System;
using System.Diagnostics;
using System.Threading;

namespace Instrumentation.Logging;

/// <summary>
/// Whether any <see cref="Activity"/> has been current in this process since the SDK started watching, so a log line
/// in a process that never has one (no tracing, no ASP.NET Core request activity) skips reading
/// <see cref="Activity.Current"/> — an <c>AsyncLocal</c> read, the one piece of work a generated log call did that the
/// runtime's <c>[LoggerMessage]</c> does not (issue 18 §4).
/// </summary>
/// <remarks>
/// Watching starts when the first assembly with annotated operations loads (its module initializer calls
/// <see cref="InstrumentationRegistry.Register"/>), when logging is connected
/// (<see cref="Correlation.CorrelationContext.SetEnabled"/>) or at the first log line, whichever comes first: it subscribes to <see cref="Activity.CurrentChanged"/>, raised whenever an activity starts, stops or
/// is made current, and checks the current flow once. The first activity seen ends the watch (the handler removes
/// itself; from then on every line reads <see cref="Activity.Current"/> as before), so a process with tracing pays
/// nothing for it. What it cannot see is an activity made current before watching started on a flow other than the
/// one that started it, when no activity starts or stops anywhere afterwards. Every process that traces starts
/// activities all the time, and a hosted app connects logging at start, so this is left as it is (an assembly with
/// only log methods and no host starts the watch at its first line).
/// </remarks>
internal sealed class CurrentActivityWatch
{
    /// <summary>The watch of this process.</summary>
    internal static readonly CurrentActivityWatch Process = new();

    private int _seen;

    /// <summary>Starts watching: subscribes to <see cref="Activity.CurrentChanged"/>, then looks at the current flow.</summary>
    internal CurrentActivityWatch()
    {
        Activity.CurrentChanged += OnCurrentChanged;
        if (Activity.Current is not null)
        {
            MarkSeen();
        }
    }

    /// <summary>True once any activity has been current since the watch started.</summary>
    internal bool AnySeen => Volatile.Read(ref _seen) != 0;

    /// <summary><see cref="Activity.Current"/>, or null without reading it while no activity has ever been current.</summary>
    internal static Activity? Current => Process.AnySeen ? Activity.Current : null;

    /// <summary>Starts the process's watch if it has not started (idempotent, cheap).</summary>
    internal static void Start() => GC.KeepAlive(Process);

    private void OnCurrentChanged(object? sender, ActivityChangedEventArgs e)
    {
        if (e.Current is not null)
        {
            MarkSeen();
        }
    }

    private void MarkSeen()
    {
        Volatile.Write(ref _seen, 1);
        Activity.CurrentChanged -= OnCurrentChanged;
    }
}
