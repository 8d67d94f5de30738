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

        // The second emit above is skipped too when a warm writer stored the first before it: count from here.
        var skipped = service.Writer.Buffer.SkippedAsRecordedCount;
        Assert.True(FunnelEvents.Emit(in first));
        Assert.Equal(enqueued, service.Writer.Buffer.EnqueuedCount);
        Assert.Equal(skipped + 1, service.Writer.Buffer.SkippedAsRecordedCount);
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
    public async Task A_host_whose_app_declares_funnel_events_without_a_writer_says_so_once_at_start()
    {
        // A newcomer left out AddFunnelEvents: the generated code dropped every event, by design at no cost, and the app
        // said nothing while the funnel table stayed empty. This assembly declares funnel events (FunnelSamples).
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = false);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        var warning = Assert.Single(logs.Lines, l => l.Message.Contains("no funnel writer runs", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("DeviceRegistered", warning.Message, StringComparison.Ordinal);
        Assert.Contains("builder.Services.AddFunnelEvents(o => o.UseSqlite(\"funnel.db\"))", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_a_funnel_writer_gets_no_warning_about_unstored_funnel_events()
    {
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = false);
        builder.Services.AddFunnelEvents(o =>
        {
            o.UseSqlite(_temp.File("funnel.db"));
            o.Writer.SpillDirectory = _temp.File("spill");
        });
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("no funnel writer runs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_at_start_does_not_stop_the_host_and_gets_the_events_once_it_can()
    {
        // Found with a real app: a funnel database that was down (here: its directory not there yet) when the app started
        // threw out of the host's start, so adding funnel events made the whole app fail to start.
        var directory = _temp.File("later");
        var path = System.IO.Path.Combine(directory, "funnel.db");
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddFunnelEvents(o =>
        {
            o.UseSqlite(path);
            o.Writer.SpillDirectory = _temp.File("spill");
            o.Writer.RetryDelay = TimeSpan.FromMilliseconds(20);
            o.Writer.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        });
        using var host = builder.Build();

        await host.StartAsync();
        var service = host.Services.GetRequiredService<FunnelEventsService>();
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("cannot be reached at start", StringComparison.Ordinal) && l.Message.Contains(path, StringComparison.Ordinal));
        for (var i = 0; i < 10; i++)
        {
            var item = TestEvents.Flow(i);
            Assert.True(FunnelEvents.Emit(in item));
        }

        Assert.False(await service.Writer!.FlushAsync(TimeSpan.FromMilliseconds(300)), "nothing can be stored yet");
        System.IO.Directory.CreateDirectory(directory);
        var writer = service.Writer;
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        await host.StopAsync();

        Assert.Equal(10, writer.Written);
        Assert.Equal(0, writer.Spilled);
        await using var store = Stores.SqlFunnelStore.Open(path);
        Assert.Equal(10, await store.CountAsync("FlowExecuted", default));
    }

    [Fact]
    public async Task Events_of_a_host_whose_store_never_answered_are_spilled_and_written_by_the_next_start()
    {
        var directory = _temp.File("later");
        var path = System.IO.Path.Combine(directory, "funnel.db");
        IHost Build()
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
            builder.Logging.ClearProviders();
            builder.Services.AddFunnelEvents(o =>
            {
                o.UseSqlite(path);
                o.Writer.SpillDirectory = _temp.File("spill");
                o.Writer.RetryDelay = TimeSpan.FromMilliseconds(20);
                o.Writer.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
                o.Writer.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(500);
            });
            return builder.Build();
        }

        using (var first = Build())
        {
            await first.StartAsync();
            for (var i = 0; i < 25; i++)
            {
                var item = TestEvents.Flow(i);
                Assert.True(FunnelEvents.Emit(in item));
            }

            var writer = first.Services.GetRequiredService<FunnelEventsService>().Writer!;
            await first.StopAsync();
            Assert.Equal(25, writer.Spilled);
            Assert.Equal(0, writer.Lost);
        }

        System.IO.Directory.CreateDirectory(directory);
        using (var second = Build())
        {
            await second.StartAsync();
            Assert.True(await second.Services.GetRequiredService<FunnelEventsService>().Writer!.FlushAsync(TimeSpan.FromSeconds(30)));
            await second.StopAsync();
        }

        await using var store = Stores.SqlFunnelStore.Open(path);
        Assert.Equal(25, await store.CountAsync("FlowExecuted", default));
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

/// <summary>Keeps every formatted log line (level and message) of a host.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    public System.Collections.Generic.IReadOnlyList<(LogLevel Level, string Message)> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Message)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
