using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;

namespace Instrumentation.Observability;

/// <summary>
/// Publishes the zero series of the <see cref="MetricCatalog"/> (see <see cref="MetricDescriptor.ZeroSeries"/>)
/// into one meter provider: <c>Add(0)</c> for every listed label set, so that Prometheus sees a counter at
/// 0 before its first increment and <c>increase()</c>/<c>rate()</c> catch the first failure.
/// </summary>
/// <remarks>
/// <para>
/// The OpenTelemetry SDK creates instrumentation objects (this one, through
/// <c>AddInstrumentation</c>) before its <c>MeterListener</c> starts, so an <c>Add(0)</c> made here would
/// reach nobody. Instead this object owns a meter with a name of its own, which only its provider
/// listens to, and an observable instrument on it. The SDK calls observable callbacks at the start of
/// every collection (a Prometheus scrape, a periodic OTLP export), before it reads the aggregates; the
/// callback publishes the zeros of the registrations it has not published yet (once per provider, plus
/// assemblies that register later) and reports no measurement, so the trigger never appears in an export.
/// </para>
/// <para>
/// <c>Add(0)</c> is only made on instruments that are enabled, and a value of 0 changes no total, so other
/// listeners are unaffected; without a meter provider nothing runs and generated operations stay not
/// live. Failures are swallowed: telemetry never throws into the application.
/// </para>
/// </remarks>
internal sealed class ZeroSeriesPublisher : IDisposable
{
    /// <summary>Prefix of the per-provider trigger meters (not matched by <c>Instrumentation.Generated.*</c>).</summary>
    public const string MeterNamePrefix = "Instrumentation.ZeroSeries.";

    /// <summary>The trigger instrument's name; it never reports a measurement.</summary>
    public const string TriggerName = "instrumentation_zero_series_trigger";

    private static int _lastMeterId;

    private readonly object _gate = new();
    private readonly Meter _meter;
    private readonly SdkZeroSeries _sdk = new();
    private int _published;

    public ZeroSeriesPublisher(string meterName)
    {
        _meter = new Meter(meterName);
        CreateInstruments();
        MetricCatalog.DescribeOnRegistration();
        _meter.CreateObservableCounter<long>(TriggerName, Observe, null, "Publishes the zero series of the metric catalog at the first collection");
    }

    /// <summary>A meter name no other provider listens to.</summary>
    public static string NextMeterName() => MeterNamePrefix + Interlocked.Increment(ref _lastMeterId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Publishes the zero series of one registration; returns the number of <c>Add(0)</c> calls made.</summary>
    public static int Publish(MetricCatalog.Registration registration)
    {
        var added = 0;
        foreach (var metric in registration.Metrics)
        {
            var series = metric.ZeroSeries;
            if (series.Count == 0)
            {
                continue;
            }

            var instrument = registration.FindInstrument(metric.Name);
            if (instrument is null || !instrument.Enabled)
            {
                continue;
            }

            foreach (var labels in series)
            {
                var tags = new KeyValuePair<string, object?>[labels.Count];
                for (var i = 0; i < tags.Length; i++)
                {
                    tags[i] = new KeyValuePair<string, object?>(labels[i].Key, labels[i].Value);
                }

                switch (instrument)
                {
                    case Counter<long> counter:
                        counter.Add(0, tags);
                        added++;
                        break;
                    case UpDownCounter<long> upDown:
                        upDown.Add(0, tags);
                        added++;
                        break;
                }
            }
        }

        return added;
    }

    /// <summary>
    /// Publishes what is still pending, then stops. The OpenTelemetry SDK disposes its instrumentation before the
    /// final collection at shutdown, and this object's trigger then never runs: a short-lived worker whose only OTLP
    /// export was that final one (the first periodic export comes after 60 s) exported no zero series. The provider
    /// still listens here, so the zeros reach its last export.
    /// </summary>
    public void Dispose()
    {
        _ = Observe();
        _sdk.Dispose();
        _meter.Dispose();
    }

    /// <summary>
    /// Creates the generated instruments now (they are otherwise created on first use), so that the
    /// provider, which starts listening right after this constructor, knows them from the start.
    /// </summary>
    private static void CreateInstruments()
    {
        foreach (var registration in MetricCatalog.RegisteredSources())
        {
            try
            {
                foreach (var metric in registration.Metrics)
                {
                    if (metric.ZeroSeries.Count > 0)
                    {
                        _ = registration.FindInstrument(metric.Name);
                    }
                }
            }
            catch (Exception)
            {
                // A broken registration only loses its zero series.
            }
        }
    }

    /// <summary>
    /// True on the thread while zero series are published: the test kit leaves these <c>Add(0)</c> out of its
    /// captures (they are the exporter's bookkeeping, made in whatever scope triggered the collection).
    /// </summary>
    internal static bool IsPublishing => t_publishing;

    [ThreadStatic]
    private static bool t_publishing;

    private IEnumerable<Measurement<long>> Observe()
    {
        var outer = t_publishing;
        t_publishing = true;
        try
        {
            PublishPending();
        }
        finally
        {
            t_publishing = outer;
        }

        return Array.Empty<Measurement<long>>();
    }

    private void PublishPending()
    {
        lock (_gate)
        {
            var registrations = MetricCatalog.RegisteredSources();
            for (; _published < registrations.Count; _published++)
            {
                try
                {
                    Publish(registrations[_published]);
                }
                catch (Exception)
                {
                    // Telemetry never throws into the app; the counter appears at its first increment instead.
                }
            }

            try
            {
                _sdk.Publish();
            }
            catch (Exception)
            {
                // As above.
            }
        }
    }
}
