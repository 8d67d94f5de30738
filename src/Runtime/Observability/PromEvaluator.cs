using System;
using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>One series of an evaluated instant vector: its labels (sorted by name) and its value.</summary>
internal sealed class VectorElement
{
    public VectorElement(IReadOnlyList<KeyValuePair<string, string>> labels, double value)
    {
        Labels = labels;
        Key = MetricSnapshot.LabelKey(labels);
        Value = value;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public string Key { get; }

    public double Value { get; }
}

/// <summary>
/// Evaluates the <see cref="PromNode"/> shapes <see cref="PromQuery"/> builds over a series of
/// <see cref="MetricSnapshot"/>s with Prometheus 2.x semantics: instant selectors take the newest scrape within
/// the 5-minute lookback; <c>rate</c>/<c>increase</c> take the samples of <c>[t - window, t]</c> and extrapolate
/// like Prometheus' <c>extrapolatedRate</c> (counter resets, extrapolation to the range's edges or to zero);
/// <c>histogram_quantile</c> interpolates linearly within the bucket like Prometheus' <c>bucketQuantile</c>;
/// binary operators match series by their label sets, a scalar applies to every series.
/// </summary>
internal sealed class PromEvaluator
{
    private const long LookbackMilliseconds = 5 * 60 * 1000;

    private readonly MetricSnapshot[] _snapshots;

    public PromEvaluator(MetricSnapshot[] snapshots) => _snapshots = snapshots;

    /// <summary>How far before an evaluation time the expression reads (the longest window plus its offset).</summary>
    public static TimeSpan Reach(PromNode node) => node switch
    {
        RangeFunctionNode range => range.Window + range.Offset,
        SumNode sum => Reach(sum.Inner),
        QuantileNode quantile => Reach(quantile.Inner),
        TopKNode top => Reach(top.Inner),
        OrZeroNode orZero => Reach(orZero.Inner),
        ClampMinNode clamp => Reach(clamp.Inner),
        BinaryNode binary => Max(Reach(binary.Left), Reach(binary.Right)),
        _ => TimeSpan.Zero,
    };

    /// <summary>A reason the node cannot be evaluated here, or null when every part of it is supported.</summary>
    public static string? Unsupported(PromNode node) => node switch
    {
        ScalarNode or SelectorNode => null,
        RangeFunctionNode => null,
        SumNode sum => Unsupported(sum.Inner),
        QuantileNode quantile => Unsupported(quantile.Inner),
        TopKNode top => Unsupported(top.Inner),
        OrZeroNode orZero => Unsupported(orZero.Inner),
        ClampMinNode clamp => Unsupported(clamp.Inner),
        BinaryNode binary => Operate(binary.Operator, 1, 1) is null && !IsComparison(binary.Operator)
            ? "the operator '" + binary.Operator + "' is not supported in-process"
            : Unsupported(binary.Left) ?? Unsupported(binary.Right),
        _ => "the expression kind " + node.GetType().Name + " is not supported in-process",
    };

    /// <summary>The value of <paramref name="node"/> at <paramref name="time"/> (Unix milliseconds): a vector, or a scalar as a vector of one label-less element flagged by <paramref name="isScalar"/>.</summary>
    public List<VectorElement> Evaluate(PromNode node, long time, out bool isScalar)
    {
        isScalar = false;
        switch (node)
        {
            case ScalarNode scalar:
                isScalar = true;
                return new List<VectorElement> { new(Array.Empty<KeyValuePair<string, string>>(), scalar.Value) };
            case SelectorNode selector:
                return Instant(selector, time);
            case RangeFunctionNode range:
                return Range(range, time);
            case SumNode sum:
                return Sum(sum.By, Evaluate(sum.Inner, time, out _));
            case QuantileNode quantile:
                return Quantile(quantile.Quantile, Evaluate(quantile.Inner, time, out _));
            case TopKNode top:
                return Evaluate(top.Inner, time, out _).Where(e => !double.IsNaN(e.Value)).OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(top.K).ToList();
            case OrZeroNode orZero:
                var inner = Evaluate(orZero.Inner, time, out _);
                return inner.Count > 0 ? inner : new List<VectorElement> { new(Array.Empty<KeyValuePair<string, string>>(), 0) };
            case ClampMinNode clamp:
                return Evaluate(clamp.Inner, time, out _).Select(e => new VectorElement(e.Labels, Math.Max(e.Value, clamp.Minimum))).ToList();
            case BinaryNode binary:
                return Binary(binary, time, out isScalar);
            default:
                throw new NotSupportedException(Unsupported(node));
        }
    }

    private List<VectorElement> Instant(SelectorNode selector, long time)
    {
        var index = LastAtOrBefore(time);
        if (index < 0 || _snapshots[index].TimeMilliseconds <= time - LookbackMilliseconds
            || !_snapshots[index].Series.TryGetValue(selector.Series, out var samples))
        {
            return new List<VectorElement>();
        }

        return samples.Where(s => Matches(s, selector)).Select(s => new VectorElement(s.Labels, s.Value)).ToList();
    }

    private List<VectorElement> Range(RangeFunctionNode range, long time)
    {
        var end = time - (long)range.Offset.TotalMilliseconds;
        var start = end - (long)range.Window.TotalMilliseconds;
        var points = new Dictionary<string, (IReadOnlyList<KeyValuePair<string, string>> Labels, List<(long Time, double Value)> Points)>(StringComparer.Ordinal);
        var last = LastAtOrBefore(end);
        for (var i = 0; i <= last; i++)
        {
            var snapshot = _snapshots[i];
            if (snapshot.TimeMilliseconds < start || !snapshot.Series.TryGetValue(range.Selector.Series, out var samples))
            {
                continue;
            }

            foreach (var sample in samples)
            {
                if (!Matches(sample, range.Selector))
                {
                    continue;
                }

                if (!points.TryGetValue(sample.Key, out var series))
                {
                    series = (sample.Labels, new List<(long, double)>());
                    points.Add(sample.Key, series);
                }

                series.Points.Add((snapshot.TimeMilliseconds, sample.Value));
            }
        }

        var result = new List<VectorElement>();
        foreach (var series in points.Values)
        {
            if (ExtrapolatedRate(series.Points, start, end, range.IsRate) is { } value)
            {
                result.Add(new VectorElement(series.Labels, value));
            }
        }

        return result;
    }

    /// <summary>Prometheus 2.x <c>extrapolatedRate</c> for a counter: null with fewer than two samples.</summary>
    internal static double? ExtrapolatedRate(IReadOnlyList<(long Time, double Value)> samples, long rangeStart, long rangeEnd, bool isRate)
    {
        if (samples.Count < 2)
        {
            return null;
        }

        var first = samples[0];
        var last = samples[^1];
        var result = last.Value - first.Value;
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].Value < samples[i - 1].Value)
            {
                result += samples[i - 1].Value;
            }
        }

        var durationToStart = (first.Time - rangeStart) / 1000.0;
        var durationToEnd = (rangeEnd - last.Time) / 1000.0;
        var sampledInterval = (last.Time - first.Time) / 1000.0;
        var averageBetweenSamples = sampledInterval / (samples.Count - 1);
        if (result > 0 && first.Value >= 0)
        {
            var durationToZero = sampledInterval * (first.Value / result);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        var threshold = averageBetweenSamples * 1.1;
        var extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
        var factor = extrapolateTo / sampledInterval;
        if (isRate)
        {
            factor /= (rangeEnd - rangeStart) / 1000.0;
        }

        return result * factor;
    }

    private static List<VectorElement> Sum(IReadOnlyList<string> by, List<VectorElement> input)
    {
        var groups = new Dictionary<string, (IReadOnlyList<KeyValuePair<string, string>> Labels, double Sum)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var element in input)
        {
            var labels = element.Labels.Where(l => by.Contains(l.Key, StringComparer.Ordinal)).ToArray();
            var key = MetricSnapshot.LabelKey(labels);
            if (groups.TryGetValue(key, out var group))
            {
                groups[key] = (group.Labels, group.Sum + element.Value);
            }
            else
            {
                groups.Add(key, (labels, element.Value));
                order.Add(key);
            }
        }

        return order.Select(k => new VectorElement(groups[k].Labels, groups[k].Sum)).ToList();
    }

    private static List<VectorElement> Quantile(double quantile, List<VectorElement> buckets)
    {
        var result = new List<VectorElement>();
        foreach (var series in buckets.GroupBy(b => MetricSnapshot.LabelKey(b.Labels.Where(l => l.Key != "le").ToArray()), StringComparer.Ordinal))
        {
            var bounds = new List<(double UpperBound, double Count)>();
            foreach (var bucket in series)
            {
                var le = bucket.Labels.FirstOrDefault(l => l.Key == "le").Value;
                if (le is not null && TryBound(le, out var bound))
                {
                    bounds.Add((bound, bucket.Value));
                }
            }

            var labels = series.First().Labels.Where(l => l.Key != "le").ToArray();
            result.Add(new VectorElement(labels, BucketQuantile(quantile, bounds)));
        }

        return result;
    }

    /// <summary>Prometheus' <c>bucketQuantile</c>: NaN without observations or without a +Inf bucket.</summary>
    internal static double BucketQuantile(double quantile, List<(double UpperBound, double Count)> buckets)
    {
        if (double.IsNaN(quantile))
        {
            return double.NaN;
        }

        if (quantile < 0)
        {
            return double.NegativeInfinity;
        }

        if (quantile > 1)
        {
            return double.PositiveInfinity;
        }

        buckets.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        if (buckets.Count < 2 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        // Coalesce equal bounds, then make the counts monotonic (rates of cumulative buckets can jitter).
        var merged = new List<(double UpperBound, double Count)>();
        foreach (var bucket in buckets)
        {
            if (merged.Count > 0 && merged[^1].UpperBound == bucket.UpperBound)
            {
                merged[^1] = (bucket.UpperBound, merged[^1].Count + bucket.Count);
            }
            else
            {
                merged.Add(bucket);
            }
        }

        var max = double.NegativeInfinity;
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i].Count > max)
            {
                max = merged[i].Count;
            }
            else if (merged[i].Count < max)
            {
                merged[i] = (merged[i].UpperBound, max);
            }
        }

        if (merged.Count < 2)
        {
            return double.NaN;
        }

        var observations = merged[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        var rank = quantile * observations;
        var b = 0;
        while (b < merged.Count - 1 && merged[b].Count < rank)
        {
            b++;
        }

        if (b == merged.Count - 1)
        {
            return merged[^2].UpperBound;
        }

        if (b == 0 && merged[0].UpperBound <= 0)
        {
            return merged[0].UpperBound;
        }

        var bucketStart = 0.0;
        var bucketEnd = merged[b].UpperBound;
        var count = merged[b].Count;
        if (b > 0)
        {
            bucketStart = merged[b - 1].UpperBound;
            count -= merged[b - 1].Count;
            rank -= merged[b - 1].Count;
        }

        return bucketStart + ((bucketEnd - bucketStart) * (rank / count));
    }

    private List<VectorElement> Binary(BinaryNode binary, long time, out bool isScalar)
    {
        var left = Evaluate(binary.Left, time, out var leftScalar);
        var right = Evaluate(binary.Right, time, out var rightScalar);
        isScalar = leftScalar && rightScalar;
        var comparison = IsComparison(binary.Operator);
        var result = new List<VectorElement>();
        if (leftScalar || rightScalar)
        {
            var scalar = leftScalar ? left[0].Value : right[0].Value;
            foreach (var element in leftScalar ? right : left)
            {
                var (a, b) = leftScalar ? (scalar, element.Value) : (element.Value, scalar);
                if (comparison)
                {
                    if (Compare(binary.Operator, a, b))
                    {
                        result.Add(element);
                    }
                }
                else
                {
                    result.Add(new VectorElement(element.Labels, Operate(binary.Operator, a, b)!.Value));
                }
            }

            return result;
        }

        var byKey = new Dictionary<string, VectorElement>(StringComparer.Ordinal);
        foreach (var element in right)
        {
            byKey[element.Key] = element;
        }

        foreach (var element in left)
        {
            if (!byKey.TryGetValue(element.Key, out var match))
            {
                continue;
            }

            if (comparison)
            {
                if (Compare(binary.Operator, element.Value, match.Value))
                {
                    result.Add(element);
                }
            }
            else
            {
                result.Add(new VectorElement(element.Labels, Operate(binary.Operator, element.Value, match.Value)!.Value));
            }
        }

        return result;
    }

    private static double? Operate(string op, double a, double b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        _ => null,
    };

    private static bool IsComparison(string op) => op is ">" or "<" or ">=" or "<=";

    private static bool Compare(string op, double a, double b) => op switch
    {
        ">" => a > b,
        "<" => a < b,
        ">=" => a >= b,
        _ => a <= b,
    };

    private static bool Matches(ExpositionSample sample, SelectorNode selector)
    {
        foreach (var condition in selector.Where)
        {
            var value = string.Empty;
            foreach (var label in sample.Labels)
            {
                if (label.Key == condition.Key)
                {
                    value = label.Value;
                    break;
                }
            }

            if (!string.Equals(value, condition.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryBound(string text, out double bound)
    {
        if (text == "+Inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out bound);
    }

    private int LastAtOrBefore(long time)
    {
        int low = 0, high = _snapshots.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_snapshots[middle].TimeMilliseconds <= time)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
