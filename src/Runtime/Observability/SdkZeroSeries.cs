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
/// The writer's instruments live in another assembly, so they are found by name on the funnel meter (a
/// <see cref="MeterListener"/> is told of every instrument that exists when it starts), once they exist: a writer that
/// starts after the first collection is published at the next one. One per meter provider. Until all are published
/// (in a process without a funnel writer: always) each collection looks once: a listener that is told of every instrument
/// of the process, enables none and keeps only the funnel counters.
/// </summary>
internal sealed class SdkZeroSeries
{
    private static readonly string[] CounterNames = SdkMetrics.All
        .Where(m => m.Kind == MetricInstrumentKind.Counter && m.ZeroSeries.Count == 1 && m.ZeroSeries[0].Count == 0)
        .Select(m => m.Name)
        .ToArray();

    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    /// <summary>Adds 0 to each SDK counter that exists and is not published yet for this provider.</summary>
    public void Publish()
    {
        if (_published.Count == CounterNames.Length)
        {
            return;
        }

        foreach (var instrument in FindCounters())
        {
            if (instrument.Enabled && _published.Add(instrument.Name))
            {
                instrument.Add(0);
            }
        }
    }

    private static List<Counter<long>> FindCounters()
    {
        var found = new List<Counter<long>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument is Counter<long> counter && instrument.Meter.Name == FunnelMetrics.MeterName && Array.IndexOf(CounterNames, instrument.Name) >= 0)
                {
                    lock (found)
                    {
                        found.Add(counter);
                    }
                }
            },
        };
        listener.Start();
        lock (found)
        {
            return found.ToList();
        }
    }
}
