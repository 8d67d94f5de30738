using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using Instrumentation.Runtime.Tests.Operations;
using Instrumentation.TestServers;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>A real Prometheus server scrapes the rendered exposition and can query the values.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Real_prometheus_scrapes_and_parses_counters_and_histograms()
    {
        using var reader = new PrometheusScrapeReader();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        var service = new IngestService();
        service.Receive(new TenantContext("org-p", "proj-p"), new[] { 1.0, 2.0 }, SensorKind.Humidity);
        service.Receive(new TenantContext("org-p", "proj-p"), new[] { 1.0, 2.0, 3.0 }, SensorKind.Humidity);

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
            var messages = await prometheus.WaitForValueAsync("ingest_messages_total{org=\"org-p\",sensor=\"humidity\"}", TimeSpan.FromSeconds(30));
            var (health, lastError) = await prometheus.TargetAsync();
            Assert.True(messages is not null, "Prometheus never ingested the metric; target " + health + ": " + lastError);
            Assert.Equal(5, messages);
            Assert.Equal(2, await prometheus.QueryAsync("ingest_processing_latency_ms_count{org=\"org-p\"}"));
            Assert.Equal(5, await prometheus.QueryAsync("ingest_batch_size_sum"));
            Assert.Equal(2, await prometheus.QueryAsync("ingest_batch_size_bucket{le=\"5\"}"));
            Assert.Equal("up", health);
        }

        stop.Cancel();
        listener.Stop();
        await serving;
    }
}
