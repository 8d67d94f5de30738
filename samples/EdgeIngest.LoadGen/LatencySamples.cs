using System;
using System.Collections.Generic;

namespace EdgeIngest.LoadGen;

/// <summary>Latency samples in milliseconds with nearest-rank percentiles.</summary>
public sealed class LatencySamples
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
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
