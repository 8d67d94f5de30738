using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Instrumentation.Funnel;

namespace Instrumentation.Observability;

/// <summary>
/// The zero series of the SDK's own counters (<see cref="SdkMetrics"/>): the funnel buffer's drop counter here and the
/// writer's written, failure, dead-letter, spill and loss counters in the <c>Instrumentation.Funnel</c> package. They are
/// in the metric catalog like generated counters, so an <c>increase()</c> alert on them must see the first failure too.
/// The writer's instruments live in another assembly, so they are found by name on the funnel meter: a
/// <see cref="MeterListener"/> that enables nothing is told of every instrument that exists when it starts and of each
/// one created later (a writer that starts after the first collection is published at the next one). One per meter
/// provider, disposed with it.
/// </summary>
internal sealed class SdkZeroSeries : IDisposable
{
    private static readonly string[] CounterNames = SdkMetrics.All
        .Where(m => m.Kind == MetricInstrumentKind.Counter && m.ZeroSeries.Count == 1 && m.ZeroSeries[0].Count == 0)
        .Select(m => m.Name)
        .ToArray();

    private readonly object _gate = new();
    private readonly List<Counter<long>> _found = new();
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;

    public SdkZeroSeries()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument is Counter<long> counter && instrument.Meter.Name == FunnelMetrics.MeterName && Array.IndexOf(CounterNames, instrument.Name) >= 0)
                {
                    lock (_gate)
                    {
                        _found.Add(counter);
                    }
                }
            },
        };
        _listener.Start();
    }

    /// <summary>Adds 0 to each SDK counter found so far that is not published yet for this provider.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            foreach (var counter in _found)
            {
                if (counter.Enabled && _published.Add(counter.Name))
                {
                    counter.Add(0);
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
