using System;
using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>
/// A bounded, in-process history of an app's own metrics: snapshots of its Prometheus text exposition (what
/// <c>/metrics</c> serves), taken periodically by the app, kept for <see cref="Retention"/>.
/// <see cref="PanelEvaluator"/> evaluates dashboard panels over it the way Prometheus would over the same scrapes,
/// so a person can look at the panels of an <see cref="ObservabilityPlan"/> without running Prometheus.
/// Thread-safe: one thread adds while others evaluate.
/// </summary>
public sealed class MetricHistory
{
    private readonly object _gate = new();
    private readonly List<MetricSnapshot> _snapshots = new();
    private readonly HashSet<string>? _series;

    /// <summary>Creates an empty history.</summary>
    /// <param name="retention">How long a snapshot is kept (for example 10 minutes).</param>
    /// <param name="metrics">
    /// The metrics to keep (catalog names; a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series are kept
    /// with it); null keeps every series. <see cref="ObservabilityPlan.Panels"/> name the ones a plan reads.
    /// </param>
    public MetricHistory(TimeSpan retention, IEnumerable<string>? metrics = null)
    {
        if (retention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention must be positive.");
        }

        Retention = retention;
        if (metrics is not null)
        {
            _series = new HashSet<string>(StringComparer.Ordinal);
            foreach (var metric in metrics)
            {
                _series.Add(metric);
                _series.Add(metric + "_bucket");
                _series.Add(metric + "_sum");
                _series.Add(metric + "_count");
            }
        }
    }

    /// <summary>Creates a history of the metrics the panels of <paramref name="plan"/> read.</summary>
    /// <param name="plan">The plan whose panels will be evaluated.</param>
    /// <param name="retention">How long a snapshot is kept.</param>
    public static MetricHistory For(ObservabilityPlan plan, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new MetricHistory(retention, plan.Panels.SelectMany(p => p.Queries).SelectMany(q => q.Expression.Metrics));
    }

    /// <summary>How long a snapshot is kept.</summary>
    public TimeSpan Retention { get; }

    /// <summary>The number of snapshots held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _snapshots.Count;
            }
        }
    }

    /// <summary>
    /// True once a snapshot was dropped for being older than <see cref="Retention"/>: from then on, a range that
    /// reaches further back than the oldest snapshot cannot be evaluated (Prometheus would have more samples).
    /// </summary>
    public bool IsTruncated { get; private set; }

    /// <summary>
    /// Adds a snapshot: the text exposition scraped at <paramref name="timestamp"/>. A snapshot not later than the
    /// newest one is ignored; snapshots older than <see cref="Retention"/> before it are dropped.
    /// </summary>
    /// <param name="timestamp">When the exposition was scraped.</param>
    /// <param name="exposition">The Prometheus text exposition (for example <c>PrometheusScrapeReader.Scrape()</c>).</param>
    /// <returns>True when the snapshot was added.</returns>
    public bool Add(DateTimeOffset timestamp, string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var time = timestamp.ToUnixTimeMilliseconds();
        var snapshot = MetricSnapshot.Parse(time, exposition, _series is null ? null : _series.Contains);
        lock (_gate)
        {
            if (_snapshots.Count > 0 && _snapshots[^1].TimeMilliseconds >= time)
            {
                return false;
            }

            _snapshots.Add(snapshot);
            var oldest = time - (long)Retention.TotalMilliseconds;
            var drop = 0;
            while (drop < _snapshots.Count && _snapshots[drop].TimeMilliseconds < oldest)
            {
                drop++;
            }

            if (drop > 0)
            {
                _snapshots.RemoveRange(0, drop);
                IsTruncated = true;
            }

            return true;
        }
    }

    /// <summary>The snapshots, oldest first, and whether older ones were dropped.</summary>
    internal (MetricSnapshot[] Snapshots, bool Truncated) Read()
    {
        lock (_gate)
        {
            return (_snapshots.ToArray(), IsTruncated);
        }
    }
}
