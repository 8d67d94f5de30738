using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace EdgeIngest.Hosting;

/// <summary>
/// The figures of the end-of-run summary, read from the app's own metrics: a <see cref="MeterListener"/> on
/// the generated meter totals the counters (per <c>reason</c> where they have one) and samples the latency
/// histograms. Business code keeps no counters of its own; what the summary prints is what <c>/metrics</c>
/// and OTLP export.
/// </summary>
public sealed class TelemetrySummary : IDisposable
{
    public const string MeterName = "Instrumentation.Generated.EdgeIngest";

    private static readonly HashSet<string> Counters = new(StringComparer.Ordinal)
    {
        "ingest_calls_total", "ingest_failures_total", "ingest_messages_total", "broadcast_calls_total", "broadcast_dropped_total",
        "flow_exec_total", "flow_failures_total", "alerts_raised_total", "auth_failures_total", "ts_write_failures_total",
    };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Reservoir _ingestLatency = new();
    private readonly Reservoir _broadcastLatency = new();

    public TelemetrySummary()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && (Counters.Contains(instrument.Name) || instrument.Name is "ingest_processing_latency_ms" or "broadcast_latency_ms"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnLatency);
        _listener.Start();
    }

    /// <summary>The total of a counter (all label values).</summary>
    public long Total(string counter) => _totals.TryGetValue(counter, out var value) ? value : 0;

    /// <summary>The total of a counter per <c>reason</c> label value, largest first.</summary>
    public IReadOnlyList<(string Reason, long Count)> ByReason(string counter) =>
        _totals.Where(p => p.Key.StartsWith(counter + "|", StringComparison.Ordinal))
            .Select(p => (p.Key[(counter.Length + 1)..], p.Value))
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();

    /// <summary>Server-side ingest processing latency percentile (ms), or NaN without samples.</summary>
    public double IngestLatency(double percentile) => _ingestLatency.Percentile(percentile);

    /// <summary>Ingest → broadcast latency percentile (ms), or NaN without samples.</summary>
    public double BroadcastLatency(double percentile) => _broadcastLatency.Percentile(percentile);

    public int IngestSamples => _ingestLatency.Count;

    public int BroadcastSamples => _broadcastLatency.Count;

    public void Dispose() => _listener.Dispose();

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        foreach (var tag in tags)
        {
            if (tag.Key == "reason" && tag.Value is string reason)
            {
                _totals.AddOrUpdate(instrument.Name + "|" + reason, value, (_, total) => total + value);
            }
        }
    }

    private void OnLatency(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        (instrument.Name == "broadcast_latency_ms" ? _broadcastLatency : _ingestLatency).Add(value);

    /// <summary>A uniform sample of at most <see cref="Size"/> values (reservoir sampling), so a long run keeps bounded memory.</summary>
    private sealed class Reservoir
    {
        private const int Size = 20_000;
        private readonly double[] _values = new double[Size];
        private long _seen;

        public int Count
        {
            get
            {
                lock (_values)
                {
                    return (int)Math.Min(_seen, Size);
                }
            }
        }

        public void Add(double value)
        {
            lock (_values)
            {
                var seen = _seen++;
                if (seen < Size)
                {
                    _values[seen] = value;
                }
                else if (Random.Shared.NextInt64(seen + 1) is var slot && slot < Size)
                {
                    _values[slot] = value;
                }
            }
        }

        public double Percentile(double percentile)
        {
            double[] sorted;
            lock (_values)
            {
                sorted = _values.AsSpan(0, (int)Math.Min(_seen, Size)).ToArray();
            }

            if (sorted.Length == 0)
            {
                return double.NaN;
            }

            Array.Sort(sorted);
            var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
