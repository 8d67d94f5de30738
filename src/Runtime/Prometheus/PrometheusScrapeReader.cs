using System;
using System.Text;
using global::OpenTelemetry;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.Prometheus;

/// <summary>
/// A pull metric reader for a <c>/metrics</c> endpoint: each <see cref="Scrape"/> collects the
/// OpenTelemetry SDK's current cumulative aggregation and renders it as Prometheus text.
/// Add it with <c>MeterProviderBuilder.AddReader(reader)</c>.
/// </summary>
public sealed class PrometheusScrapeReader : BaseExportingMetricReader
{
    private readonly RenderingExporter _exporter;
    private readonly object _gate = new();

    /// <summary>Creates the reader.</summary>
    public PrometheusScrapeReader()
        : this(new RenderingExporter())
    {
    }

    private PrometheusScrapeReader(RenderingExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    }

    /// <summary>Collects now and returns the exposition text (empty when nothing was recorded).</summary>
    public string Scrape(int timeoutMilliseconds = 5_000)
    {
        lock (_gate)
        {
            _exporter.Begin();
            if (!Collect(timeoutMilliseconds))
            {
                throw new TimeoutException("Metric collection did not complete within " + timeoutMilliseconds + " ms.");
            }

            return _exporter.End();
        }
    }

    private sealed class RenderingExporter : BaseExporter<Metric>
    {
        private StringBuilder _output = new();

        public void Begin() => _output = new StringBuilder(4096);

        public string End() => _output.ToString();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                PrometheusTextFormatter.Write(_output, metric);
            }

            return ExportResult.Success;
        }
    }
}
