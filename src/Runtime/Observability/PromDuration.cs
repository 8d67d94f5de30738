using System;
using System.Globalization;

namespace Instrumentation.Observability;

/// <summary>PromQL durations (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>) from <see cref="TimeSpan"/>s.</summary>
public static class PromDuration
{
    /// <summary>The duration in the largest unit that divides it (d, h, m, s).</summary>
    /// <param name="duration">A positive whole number of seconds.</param>
    /// <param name="what">What the duration is for, for the error message.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a positive whole number of seconds.</exception>
    public static string Format(TimeSpan duration, string what = "duration")
    {
        if (duration <= TimeSpan.Zero || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The " + what + " must be a positive whole number of seconds, not " + duration + ".");
        }

        return FormatSeconds((long)duration.TotalSeconds);
    }

    /// <summary>Like <see cref="Format"/> but allows zero (<c>0s</c>), for a rule's <c>for</c>.</summary>
    /// <param name="duration">Zero or a positive whole number of seconds.</param>
    /// <param name="what">What the duration is for, for the error message.</param>
    public static string FormatOrZero(TimeSpan duration, string what = "duration") =>
        duration == TimeSpan.Zero ? "0s" : Format(duration, what);

    private static string FormatSeconds(long seconds)
    {
        foreach (var (unit, size) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L) })
        {
            if (seconds % size == 0)
            {
                return (seconds / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
