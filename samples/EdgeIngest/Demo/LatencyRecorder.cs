using System;
using System.Collections.Generic;

namespace EdgeIngest.Demo;

/// <summary>Collects latencies (ms) and reports percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _values = new();

    public int Count
    {
        get
        {
            lock (_values)
            {
                return _values.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    /// <summary>The nearest-rank percentile, or NaN with no samples.</summary>
    public double Percentile(double percentile)
    {
        lock (_values)
        {
            if (_values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _values.ToArray();
            Array.Sort(sorted);
            var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
