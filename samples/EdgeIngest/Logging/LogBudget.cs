using System;
using System.Diagnostics;

namespace EdgeIngest.Logging;

/// <summary>
/// Rate-limits one kind of error log line: at most <c>perWindow</c> lines per window; the lines held back are
/// counted and reported with the next line that is written ("… N similar lines suppressed"), so an outage
/// writes a few lines and a count, not a thousand lines.
/// </summary>
public sealed class LogBudget
{
    private readonly object _gate = new();
    private readonly int _perWindow;
    private readonly long _windowTicks;
    private long _windowStart;
    private int _used;
    private long _suppressed;

    /// <summary>Allows <paramref name="perWindow"/> lines per <paramref name="window"/>.</summary>
    public LogBudget(int perWindow, TimeSpan window)
    {
        _perWindow = perWindow;
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        _windowStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Five lines per 10 seconds: the default for error lines that repeat during an outage.</summary>
    public static LogBudget ForErrors() => new(5, TimeSpan.FromSeconds(10));

    /// <summary>
    /// True when a line may be written now; <paramref name="suppressed"/> is then how many were held back since the
    /// last written line (to report with it). False: the line is counted and not written.
    /// </summary>
    public bool TryTake(out long suppressed)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (now - _windowStart >= _windowTicks)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used < _perWindow)
            {
                _used++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
