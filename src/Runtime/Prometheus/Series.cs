using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.Prometheus;

/// <summary>One series of a Prometheus family (one label set): a number, or a histogram's buckets, sum and count.</summary>
internal sealed class Series
{
    private readonly List<KeyValuePair<string, string>> _labels;
    private bool _isDouble;
    private long _long;
    private double _double;
    private double[]? _bounds;
    private long[]? _buckets;
    private double _sum;
    private long _count;

    private Series(List<KeyValuePair<string, string>> labels) => _labels = labels;

    public static Series Scalar(List<KeyValuePair<string, string>> labels, MetricType type, in MetricPoint point)
    {
        var series = new Series(labels);
        switch (type)
        {
            case MetricType.LongSum:
            case MetricType.LongSumNonMonotonic:
                series._long = point.GetSumLong();
                break;
            case MetricType.LongGauge:
                series._long = point.GetGaugeLastValueLong();
                break;
            case MetricType.DoubleSum:
            case MetricType.DoubleSumNonMonotonic:
                series._isDouble = true;
                series._double = point.GetSumDouble();
                break;
            case MetricType.DoubleGauge:
                series._isDouble = true;
                series._double = point.GetGaugeLastValueDouble();
                break;
        }

        return series;
    }

    public static Series Histogram(List<KeyValuePair<string, string>> labels, in MetricPoint point)
    {
        var bounds = new List<double>();
        var buckets = new List<long>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
            buckets.Add(bucket.BucketCount);
        }

        return new Series(labels)
        {
            _bounds = bounds.ToArray(),
            _buckets = buckets.ToArray(),
            _sum = point.GetHistogramSum(),
            _count = point.GetHistogramCount(),
        };
    }

    /// <summary>Adds <paramref name="other"/> (same family, same labels) into this series; false when they cannot be added up.</summary>
    public bool TryAdd(Series other)
    {
        if (_bounds is not null || other._bounds is not null)
        {
            if (_bounds is null || other._bounds is null || !_bounds.AsSpan().SequenceEqual(other._bounds))
            {
                return false;
            }

            for (var i = 0; i < _buckets!.Length; i++)
            {
                _buckets[i] += other._buckets![i];
            }

            _sum += other._sum;
            _count += other._count;
            return true;
        }

        if (_isDouble || other._isDouble)
        {
            _double = Value() + other.Value();
            _isDouble = true;
        }
        else
        {
            _long += other._long;
        }

        return true;
    }

    public void WriteTo(StringBuilder output, string name)
    {
        if (_bounds is null)
        {
            Sample(output, name, null, _isDouble ? PrometheusTextFormatter.Number(_double) : _long.ToString(CultureInfo.InvariantCulture));
            return;
        }

        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += _buckets![i];
            var bound = double.IsPositiveInfinity(_bounds[i]) ? "+Inf" : PrometheusTextFormatter.Number(_bounds[i]);
            Sample(output, name + "_bucket", bound, cumulative.ToString(CultureInfo.InvariantCulture));
        }

        Sample(output, name + "_sum", null, PrometheusTextFormatter.Number(_sum));
        Sample(output, name + "_count", null, _count.ToString(CultureInfo.InvariantCulture));
    }

    private double Value() => _isDouble ? _double : _long;

    private void Sample(StringBuilder output, string name, string? le, string value)
    {
        output.Append(name);
        if (_labels.Count > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var label in _labels)
            {
                if (!first)
                {
                    output.Append(',');
                }

                first = false;
                output.Append(label.Key).Append("=\"").Append(PrometheusExposition.EscapeLabelValue(label.Value)).Append('"');
            }

            if (le is not null)
            {
                output.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(value).Append('\n');
    }
}
