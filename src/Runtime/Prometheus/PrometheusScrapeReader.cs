using System;
using System.Collections.Generic;
using System.Text;
using global::OpenTelemetry;
using global::OpenTelemetry.Metrics;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Prometheus;

/// <summary>
/// A pull metric reader for a <c>/metrics</c> endpoint: each <see cref="Scrape"/> collects the
/// OpenTelemetry SDK's current cumulative aggregation and renders it as Prometheus text.
/// Add it with <c>MeterProviderBuilder.AddReader(reader)</c>.
/// </summary>
/// <remarks>
/// Metric streams of one name (for example two assemblies whose meters both declare <c>ingest_calls_total</c>) are
/// written as one family with one <c># HELP</c>/<c># TYPE</c>; their series are added up. A stream of the same name
/// with another type or unit is left out (the one collected first wins) and a warning is logged once.
/// </remarks>
public sealed class PrometheusScrapeReader : BaseExportingMetricReader
{
    private readonly RenderingExporter _exporter;
    private readonly object _gate = new();
    private volatile bool _shutDown;

    /// <summary>Creates the reader; name conflicts are logged to <see cref="OperationLog.Logger"/>.</summary>
    public PrometheusScrapeReader()
        : this(logger: null)
    {
    }

    /// <summary>Creates the reader; name conflicts are logged to <paramref name="logger"/>.</summary>
    /// <param name="logger">Receives one warning per metric stream or series left out of the exposition; null: <see cref="OperationLog.Logger"/>.</param>
    public PrometheusScrapeReader(ILogger? logger)
        : this(new RenderingExporter(logger))
    {
    }

    private PrometheusScrapeReader(RenderingExporter exporter)
        : base(exporter)
    {
        _exporter = exporter;
        TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    }

    /// <summary>Collects now and returns the exposition text (empty when nothing was recorded).</summary>
    /// <exception cref="ObjectDisposedException">
    /// The meter provider the reader belongs to was disposed (its host stopped): the reader would only repeat the values
    /// frozen at that moment.
    /// </exception>
    public string Scrape(int timeoutMilliseconds = 5_000)
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                // A newcomer's worker rebuilt its host and kept scraping the first host's reader: it served that host's
                // counters, frozen, without a word.
                throw new ObjectDisposedException(
                    nameof(PrometheusScrapeReader),
                    "The meter provider this reader belongs to was disposed (its host stopped or was rebuilt), so its values no longer change. Scrape the reader of the running host (resolve PrometheusScrapeReader from its services).");
            }

            _exporter.Begin();
            if (!Collect(timeoutMilliseconds))
            {
                throw new TimeoutException("Metric collection did not complete within " + timeoutMilliseconds + " ms.");
            }

            return _exporter.End();
        }
    }

    /// <inheritdoc/>
    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _shutDown = true;
        return base.OnShutdown(timeoutMilliseconds);
    }

    private sealed class RenderingExporter : BaseExporter<Metric>
    {
        private readonly ILogger? _logger;
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        // The exposition of the scrape in progress; null between scrapes. A collection nobody scrapes (the provider's
        // final one at shutdown, a ForceFlush) is not rendered: added to the last scrape's exposition, it reported each
        // of its gauges as a conflict with itself ("another meter reports a gauge of the same name") at every shutdown.
        private PrometheusExposition? _exposition;

        public RenderingExporter(ILogger? logger) => _logger = logger;

        public void Begin() => _exposition = new PrometheusExposition(Conflict);

        public string End()
        {
            var output = new StringBuilder(4096);
            _exposition?.WriteTo(output);
            _exposition = null;
            return output.ToString();
        }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var exposition = _exposition;
            if (exposition is null)
            {
                return ExportResult.Success;
            }

            foreach (var metric in batch)
            {
                exposition.Add(metric);
            }

            return ExportResult.Success;
        }

        private void Conflict(string key, string message)
        {
            // Once per stream or series and reader, not on every scrape.
            if (_reported.Add(key))
            {
                PrometheusLog.NameConflict(_logger ?? OperationLog.Logger, message);
            }
        }
    }
}
