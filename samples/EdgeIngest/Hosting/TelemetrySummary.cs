using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

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
        "sensor_insert_failures_total",
    };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, CounterTotals> _counters = new(StringComparer.Ordinal);
    private readonly Reservoir _ingestLatency = new();
    private readonly Reservoir _broadcastLatency = new();

    public TelemetrySummary()
    {
        // Each enabled instrument carries its own totals or reservoir as the listener's state, so a measurement costs
        // an interlocked add (and a dictionary read for a reason): no lookup by name, no closure, no string and no lock
        // per measurement on the ingest path.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != MeterName)
            {
                return;
            }

            if (Counters.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument, _counters.GetOrAdd(instrument.Name, static _ => new CounterTotals()));
            }
            else if (instrument.Name is "ingest_processing_latency_ms" or "broadcast_latency_ms")
            {
                listener.EnableMeasurementEvents(instrument, instrument.Name == "broadcast_latency_ms" ? _broadcastLatency : _ingestLatency);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnLatency);
        _listener.Start();
    }

    /// <summary>The total of a counter (all label values).</summary>
    public long Total(string counter) => _counters.TryGetValue(counter, out var totals) ? totals.Total : 0;

    /// <summary>The total of a counter per <c>reason</c> label value, largest first.</summary>
    public IReadOnlyList<(string Reason, long Count)> ByReason(string counter) =>
        !_counters.TryGetValue(counter, out var totals)
            ? []
            : totals.ByReason
                .Select(p => (p.Key, Interlocked.Read(ref p.Value.Value)))
                .OrderByDescending(p => p.Item2)
                .ThenBy(p => p.Item1, StringComparer.Ordinal)
                .ToList();

    /// <summary>Server-side ingest processing latency percentile (ms), or NaN without samples.</summary>
    public double IngestLatency(double percentile) => _ingestLatency.Percentile(percentile);

    /// <summary>Ingest → broadcast latency percentile (ms), or NaN without samples.</summary>
    public double BroadcastLatency(double percentile) => _broadcastLatency.Percentile(percentile);

    public int IngestSamples => _ingestLatency.Count;

    public int BroadcastSamples => _broadcastLatency.Count;

    public void Dispose() => _listener.Dispose();

    private static void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (state is not CounterTotals totals)
        {
            return;
        }

        Interlocked.Add(ref totals.TotalValue, value);
        foreach (var tag in tags)
        {
            if (tag.Key == "reason" && tag.Value is string reason)
            {
                Interlocked.Add(ref totals.ByReason.GetOrAdd(reason, static _ => new StrongBox<long>()).Value, value);
            }
        }
    }

    private static void OnLatency(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        (state as Reservoir)?.Add(value);

    /// <summary>One counter's total and its totals per <c>reason</c>.</summary>
    private sealed class CounterTotals
    {
        public long TotalValue;

        public ConcurrentDictionary<string, StrongBox<long>> ByReason { get; } = new(StringComparer.Ordinal);

        public long Total => Interlocked.Read(ref TotalValue);
    }

    /// <summary>
    /// A uniform sample of at most <see cref="Size"/> values (reservoir sampling), so a long run keeps bounded memory.
    /// Lock-free: every ingested message records a latency, and a lock per message was contended between the ingest
    /// threads. A slot is claimed by an interlocked increment; a value is one aligned 8-byte write, so a reader never
    /// sees a torn one (the summary reads after the load has stopped).
    /// </summary>
    private sealed class Reservoir
    {
        private const int Size = 20_000;
        private readonly double[] _values = new double[Size];
        private long _seen;

        public int Count => (int)Math.Min(Interlocked.Read(ref _seen), Size);

        public void Add(double value)
        {
            var seen = Interlocked.Increment(ref _seen) - 1;
            if (seen < Size)
            {
                Volatile.Write(ref _values[seen], value);
            }
            else if (Random.Shared.NextInt64(seen + 1) is var slot && slot < Size)
            {
                Volatile.Write(ref _values[slot], value);
            }
        }

        public double Percentile(double percentile)
        {
            var sorted = _values.AsSpan(0, Count).ToArray();
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
