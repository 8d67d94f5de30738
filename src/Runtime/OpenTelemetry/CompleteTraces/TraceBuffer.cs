using System.Collections.Generic;
using System.Diagnostics;

namespace Instrumentation.OpenTelemetry.CompleteTraces;

/// <summary>
/// What <see cref="CompleteTraceProcessor"/> holds for one unsampled trace: its open local roots, the spans of it
/// that ended (recorded, not yet exported) and whether it is kept. Guarded by locking the instance.
/// </summary>
internal sealed class TraceBuffer
{
    private Activity? _root;
    private List<Activity>? _moreRoots;
    private List<Activity>? _ended;

    public TraceBuffer(long startedTimestamp, Activity root)
    {
        StartedTimestamp = startedTimestamp;
        _root = root;
    }

    /// <summary>When the buffer was created (the processor's clock, <see cref="System.TimeProvider.GetTimestamp"/>).</summary>
    public long StartedTimestamp { get; }

    /// <summary>An operation of the trace failed or was slow: every span of it is exported from now on.</summary>
    public bool Keep { get; set; }

    /// <summary>The last local root ended (or the buffer was evicted): the buffer is being removed.</summary>
    public bool Closed { get; set; }

    public bool HasOpenRoots => _root is not null || _moreRoots is { Count: > 0 };

    public void AddRoot(Activity root)
    {
        if (_root is null)
        {
            _root = root;
        }
        else
        {
            (_moreRoots ??= new List<Activity>(1)).Add(root);
        }
    }

    /// <summary>Removes <paramref name="activity"/> from the open local roots; false when it was not one.</summary>
    public bool RemoveRoot(Activity activity)
    {
        if (ReferenceEquals(_root, activity))
        {
            _root = null;
            return true;
        }

        return _moreRoots is not null && _moreRoots.Remove(activity);
    }

    /// <summary>Holds an ended span; false when <paramref name="maxSpans"/> are held already.</summary>
    public bool TryHold(Activity ended, int maxSpans)
    {
        _ended ??= new List<Activity>(4);
        if (_ended.Count >= maxSpans)
        {
            return false;
        }

        _ended.Add(ended);
        return true;
    }

    /// <summary>Hands over the held spans (null when none) and holds nothing after.</summary>
    public List<Activity>? TakeHeld()
    {
        var ended = _ended;
        _ended = null;
        return ended;
    }
}
