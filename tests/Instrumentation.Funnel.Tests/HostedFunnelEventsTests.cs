using System;
using System.Threading.Tasks;
using Instrumentation.Funnel.Hosting;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// <c>AddFunnelEvents(o => o.UseSqlite(...))</c> in a real generic host with a real SQLite file: the writer starts
/// and stops with the host, a once-per-entity event is stored once and later repeats are not even queued, and the
/// writer's metrics reach the host's <c>/metrics</c> reader.
/// </summary>
public sealed class HostedFunnelEventsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        InstrumentationLogging.Reset();
        _temp.Dispose();
    }

    [Fact]
    public async Task Writer_runs_with_the_host_stores_a_first_event_once_and_exports_its_metrics()
    {
        var path = _temp.File("funnel.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = false);
        builder.Services.AddFunnelEvents(o =>
        {
            o.UseSqlite(path);
            o.Writer.SpillDirectory = _temp.File("spill");
        });
        using var host = builder.Build();
        Assert.False(FunnelEvents.IsEnabled);

        await host.StartAsync();
        var service = host.Services.GetRequiredService<FunnelEventsService>();
        Assert.True(FunnelEvents.IsEnabled, "the host started the writer and installed its buffer");
        var first = TestEvents.First("device-1");
        Assert.True(FunnelEvents.Emit(in first));
        Assert.True(FunnelEvents.Emit(in first));
        Assert.True(await service.Writer!.FlushAsync(TimeSpan.FromSeconds(30)));
        var enqueued = service.Writer.Buffer.EnqueuedCount;
        Assert.True(FunnelEvents.Emit(in first));
        Assert.Equal(enqueued, service.Writer.Buffer.EnqueuedCount);
        Assert.Equal(1, service.Writer.Buffer.SkippedAsRecordedCount);
        var metrics = host.Services.GetRequiredService<PrometheusScrapeReader>().Scrape();
        var store = Assert.IsType<Stores.SqlFunnelStore>(service.Store);
        Assert.Equal(1, await store.CountAsync("FirstDeviceData", default));
        await host.StopAsync();

        Assert.False(FunnelEvents.IsEnabled, "stopping the host removed the buffer");
        Assert.Null(service.Writer);
        Assert.Contains("funnel_events_written_total 1", metrics);
        await using var reopened = Stores.SqlFunnelStore.Open(path);
        Assert.Equal(1, await reopened.CountAsync("FirstDeviceData", default));
    }

    [Fact]
    public async Task A_host_without_a_store_fails_to_start_with_a_message_naming_the_fix()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFunnelEvents(o => o.Writer.BatchSize = 10);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("UseSqlite", error.Message, StringComparison.Ordinal);
    }
}
