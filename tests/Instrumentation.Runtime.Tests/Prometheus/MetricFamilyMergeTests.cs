using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Prometheus;
using Instrumentation.TestServers;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.Prometheus;

/// <summary>
/// Two assemblies (two meters, <c>Instrumentation.Generated.Lib</c> and <c>.App</c>) that declare a metric of the same
/// name: <c>/metrics</c> has one family per name (one <c># HELP</c>/<c># TYPE</c>) with the series added up; a name
/// reused with another type or unit keeps the first stream and logs one warning, and the exposition stays valid for
/// Prometheus' own parser (<c>promtool check metrics</c>) and a real Prometheus server.
/// </summary>
public sealed class MetricFamilyMergeTests
{
    [Fact]
    public async Task Same_name_in_two_meters_is_one_family_with_the_series_added_up()
    {
        var (lib, app) = MeterNames();
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(lib, app).AddReader(reader).Build();
        using var libMeter = new Meter(lib);
        using var appMeter = new Meter(app);
        libMeter.CreateCounter<long>("merge_calls_total", "{call}", "Calls of the library's operation.").Add(1, new KeyValuePair<string, object?>("org", "a"));
        var appCalls = appMeter.CreateCounter<long>("merge_calls_total", "{call}", "Calls of the app's operation.");
        appCalls.Add(2, new KeyValuePair<string, object?>("org", "a"));
        appCalls.Add(1, new KeyValuePair<string, object?>("org", "b"));
        libMeter.CreateHistogram<double>("merge_latency_ms", "ms", "Latency.").Record(3, new KeyValuePair<string, object?>("org", "a"));
        appMeter.CreateHistogram<double>("merge_latency_ms", "ms", "Latency of the app.").Record(30, new KeyValuePair<string, object?>("org", "a"));
        libMeter.CreateUpDownCounter<long>("merge_active", "{call}", "Active.").Add(2);
        appMeter.CreateUpDownCounter<long>("merge_active", "{call}", "Active.").Add(1);

        var text = reader.Scrape();

        Assert.Equal(new[] { "# HELP merge_calls_total Calls of the library's operation." }, Lines(text, "# HELP merge_calls_total "));
        Assert.Equal(new[] { "# TYPE merge_calls_total counter" }, Lines(text, "# TYPE merge_calls_total "));
        Assert.Equal(new[] { "merge_calls_total{org=\"a\"} 3", "merge_calls_total{org=\"b\"} 1" }, Lines(text, "merge_calls_total{"));
        Assert.Equal(new[] { "# TYPE merge_latency_ms histogram" }, Lines(text, "# TYPE merge_latency_ms "));
        Assert.Equal(new[] { "merge_latency_ms_count{org=\"a\"} 2" }, Lines(text, "merge_latency_ms_count"));
        Assert.Equal(new[] { "merge_latency_ms_sum{org=\"a\"} 33" }, Lines(text, "merge_latency_ms_sum"));
        Assert.Equal(new[] { "merge_latency_ms_bucket{org=\"a\",le=\"+Inf\"} 2" }, Lines(text, "merge_latency_ms_bucket{org=\"a\",le=\"+Inf\"}"));
        Assert.Equal(new[] { "# TYPE merge_active gauge" }, Lines(text, "# TYPE merge_active "));
        Assert.Equal(new[] { "merge_active 3" }, Lines(text, "merge_active "));
        await AssertPromtoolParsesAsync(text);
    }

    [Fact]
    public async Task Same_name_with_another_type_or_unit_keeps_the_first_and_logs_one_warning()
    {
        var (lib, app) = MeterNames();
        var logger = new CollectingLogger();
        using var reader = new PrometheusScrapeReader(logger);
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(lib, app).AddReader(reader).Build();
        using var libMeter = new Meter(lib);
        using var appMeter = new Meter(app);
        // The clashes are the point of this test: INS1022 rightly flags them at compile time in one assembly.
#pragma warning disable INS1022
        libMeter.CreateCounter<long>("clash_kind_total", "{call}", "Calls.").Add(4);
        appMeter.CreateUpDownCounter<long>("clash_kind_total", "{call}", "Active.").Add(9);
        libMeter.CreateCounter<long>("clash_unit_total", "{call}", "Calls.").Add(5);
        appMeter.CreateCounter<long>("clash_unit_total", "{message}", "Messages.").Add(7);
        libMeter.CreateHistogram("clash_bounds_ms", "ms", "Latency.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = new[] { 1.0, 10.0 } }).Record(5);
        appMeter.CreateHistogram("clash_bounds_ms", "ms", "Latency.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = new[] { 2.0, 20.0 } }).Record(5);
        libMeter.CreateGauge<long>("clash_gauge", "{item}", "Items.").Record(5);
        appMeter.CreateGauge<long>("clash_gauge", "{item}", "Items.").Record(6);
#pragma warning restore INS1022

        var text = reader.Scrape();
        reader.Scrape();

        Assert.Equal(new[] { "# TYPE clash_kind_total counter" }, Lines(text, "# TYPE clash_kind_total "));
        Assert.Equal(new[] { "clash_kind_total 4" }, Lines(text, "clash_kind_total "));
        Assert.Equal(new[] { "clash_unit_total 5" }, Lines(text, "clash_unit_total "));
        Assert.Equal(new[] { "clash_bounds_ms_count 1" }, Lines(text, "clash_bounds_ms_count"));
        Assert.Equal(new[] { "clash_gauge 5" }, Lines(text, "clash_gauge "));
        Assert.Equal(new[] { "clash_bounds_ms_bucket{le=\"1\"} 0", "clash_bounds_ms_bucket{le=\"10\"} 1", "clash_bounds_ms_bucket{le=\"+Inf\"} 1" }, Lines(text, "clash_bounds_ms_bucket"));

        // One warning per stream or series left out, not one per scrape; each names both meters.
        var warnings = logger.Messages.Where(m => m.Level == LogLevel.Warning).Select(m => m.Text).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("Metric clash_kind_total of meter " + app + " (gauge", StringComparison.Ordinal) && w.Contains("meter " + lib + " declares the same name as counter", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Metric clash_unit_total of meter " + app + " (counter, unit '{message}')", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Series clash_bounds_ms{} of meter " + app, StringComparison.Ordinal) && w.Contains("other bucket bounds", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Series clash_gauge{} of meter " + app, StringComparison.Ordinal) && w.Contains("a gauge of the same name and labels", StringComparison.Ordinal));
        await AssertPromtoolParsesAsync(text);
    }

    [Fact]
    public async Task Real_prometheus_scrapes_one_series_holding_both_assemblies_calls()
    {
        var (lib, app) = MeterNames();
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(lib, app).AddReader(reader).Build();
        using var libMeter = new Meter(lib);
        using var appMeter = new Meter(app);
        libMeter.CreateCounter<long>("scraped_calls_total", "{call}", "Calls of the library.").Add(1, new KeyValuePair<string, object?>("org", "p"));
        appMeter.CreateCounter<long>("scraped_calls_total", "{call}", "Calls of the app.").Add(2, new KeyValuePair<string, object?>("org", "p"));

        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                var body = Encoding.UTF8.GetBytes(reader.Scrape());
                context.Response.ContentType = PrometheusTextFormatter.ContentType;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        await using (var prometheus = await PrometheusServer.StartAsync("127.0.0.1:" + port))
        {
            var calls = await prometheus.WaitForValueAsync("scraped_calls_total{org=\"p\"}", TimeSpan.FromSeconds(30));
            var (health, lastError) = await prometheus.TargetAsync();
            Assert.True(calls is not null, "Prometheus never ingested the metric; target " + health + ": " + lastError);
            Assert.Equal(3, calls);
            Assert.Equal(1, await prometheus.QueryAsync("count(scraped_calls_total)"));
            Assert.Equal("up", health);
        }

        stop.Cancel();
        listener.Stop();
        await serving;
    }

    private static (string Lib, string App) MeterNames()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return ("Instrumentation.Generated.Lib" + id, "Instrumentation.Generated.App" + id);
    }

    private static string[] Lines(string text, string prefix) =>
        text.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    /// <summary><c>promtool check metrics</c>: exit 0 (clean) or 3 (lint advice only); 1 is a parse error such as a second TYPE line.</summary>
    private static async Task AssertPromtoolParsesAsync(string exposition)
    {
        var executable = new[] { Environment.GetEnvironmentVariable("PROMTOOL_BIN"), "/usr/bin/promtool", "/usr/local/bin/promtool" }
            .FirstOrDefault(c => !string.IsNullOrEmpty(c) && System.IO.File.Exists(c))
            ?? throw new InvalidOperationException("promtool is not installed: run ./test.sh (it installs the prometheus package with apt-get) or set PROMTOOL_BIN.");
        var info = new ProcessStartInfo(executable) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var text = await output + await error;
        Assert.True(process.ExitCode is 0 or 3, "promtool check metrics exited " + process.ExitCode.ToString(CultureInfo.InvariantCulture) + ":\n" + text + "\n" + exposition);
        Assert.DoesNotContain("error", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Shutting_the_provider_down_after_a_scrape_reports_no_conflict_of_a_gauge_with_itself()
    {
        // Found by a NativeAOT trial: every app that scraped once logged "Series funnel_events_buffered{} ... another
        // meter reports a gauge of the same name" when its meter provider was disposed, because the final collection
        // was added to the last scrape's families.
        var (lib, _) = MeterNames();
        var logger = new CollectingLogger();
        using var reader = new PrometheusScrapeReader(logger);
        using var meter = new Meter(lib);
        meter.CreateObservableGauge("shutdown_gauge", () => 3, "{item}", "Items.");
        var calls = meter.CreateCounter<long>("shutdown_calls_total", "{call}", "Calls.");
        var provider = Sdk.CreateMeterProviderBuilder().AddMeter(lib).AddReader(reader).Build();
        calls.Add(2);

        var first = reader.Scrape();
        provider.ForceFlush();
        var second = reader.Scrape();
        provider.Dispose();

        Assert.Equal(new[] { "shutdown_gauge 3" }, Lines(first, "shutdown_gauge "));
        Assert.Equal(new[] { "shutdown_calls_total 2" }, Lines(second, "shutdown_calls_total "));
        Assert.Empty(logger.Messages.Where(m => m.Level >= LogLevel.Warning));
    }

    [Fact]
    public void Two_views_of_one_instrument_are_one_series_counted_once_and_a_warning_naming_the_fix()
    {
        // A newcomer's trial: an app's own view of a generated instrument beside the SDK's stream sizing makes two streams of
        // the instrument; added up as if they were two meters' streams, every call was counted twice.
        var meter = "Instrumentation.Generated.TwoViews" + Guid.NewGuid().ToString("N");
        var logger = new CollectingLogger();
        using var reader = new PrometheusScrapeReader(logger);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter)
            .AddView("views_calls_total", new MetricStreamConfiguration { CardinalityLimit = 50 })
            .AddView(instrument => instrument.Name == "views_calls_total" ? new MetricStreamConfiguration { CardinalityLimit = 1 } : null)
            .AddReader(reader)
            .Build();
        using var source = new Meter(meter);
        source.CreateCounter<long>("views_calls_total", "{call}", "Calls.").Add(1);

        var text = reader.Scrape();

        Assert.Equal(new[] { "views_calls_total 1" }, Lines(text, "views_calls_total "));
        var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning);
        Assert.Contains("more than one OpenTelemetry view matches its instrument", warning.Text, StringComparison.Ordinal);
        Assert.Contains("SizeMetricStreams = false", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_views_of_an_instrument_that_is_not_its_family_s_first_are_counted_once()
    {
        // The second of two meters' instruments of one name, seen twice: compared with the family's first stream only, its
        // second stream was added up (every call of it counted twice).
        var (lib, app) = MeterNames();
        var logger = new CollectingLogger();
        using var reader = new PrometheusScrapeReader(logger);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(lib, app)
            .AddView(instrument => instrument.Meter.Name == app ? new MetricStreamConfiguration { CardinalityLimit = 50 } : null)
            .AddView(instrument => instrument.Meter.Name == app ? new MetricStreamConfiguration { CardinalityLimit = 1 } : null)
            .AddReader(reader)
            .Build();
        using var libMeter = new Meter(lib);
        using var appMeter = new Meter(app);
        libMeter.CreateCounter<long>("second_calls_total", "{call}", "Calls.").Add(1);
        appMeter.CreateCounter<long>("second_calls_total", "{call}", "Calls.").Add(2);

        var text = reader.Scrape();

        Assert.Equal(new[] { "second_calls_total 3" }, Lines(text, "second_calls_total "));
        Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("more than one OpenTelemetry view", StringComparison.Ordinal));
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
