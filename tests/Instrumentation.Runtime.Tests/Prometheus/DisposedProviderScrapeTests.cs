using System;
using System.Diagnostics.Metrics;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.Prometheus;

/// <summary>
/// A reader whose meter provider was disposed says so instead of serving what was frozen at that moment. Found by a
/// newcomer's worker that rebuilt its host and kept the first host's reader for its own <c>/metrics</c>: it served the
/// first host's counters, which no longer changed, without a word.
/// </summary>
public sealed class DisposedProviderScrapeTests
{
    [Fact]
    public void Scraping_after_the_provider_is_disposed_is_an_error_that_says_what_to_scrape_instead()
    {
        var name = "Instrumentation.Tests.Disposed." + Guid.NewGuid().ToString("N");
        using var reader = new PrometheusScrapeReader();
        using var meter = new Meter(name);
        var jobs = meter.CreateCounter<long>("jobs_total", "{job}", "Jobs.");
        var provider = Sdk.CreateMeterProviderBuilder().AddMeter(name).AddReader(reader).Build();
        jobs.Add(7);
        Assert.Contains("jobs_total 7", reader.Scrape(), StringComparison.Ordinal);

        provider.Dispose();
        jobs.Add(1);

        var error = Assert.Throws<ObjectDisposedException>(() => reader.Scrape());
        Assert.Contains("Scrape the reader of the running host", error.Message, StringComparison.Ordinal);
    }
}
