using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Demo;
using EdgeIngest.Hosting;
using EdgeIngest.Ingest;
using EdgeIngest.Broadcast;
using EdgeIngest.Flows;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest;

/// <summary>Entry point: <c>dotnet run --project samples/EdgeIngest -c Release -- [options]</c> (see README.md).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "funnel-report")
        {
            return await FunnelReportCommand.RunAsync(args[1..]);
        }

        EdgeIngestOptions options;
        try
        {
            options = EdgeIngestOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine("error: " + error.Message);
            Console.Error.WriteLine("usage: " + EdgeIngestOptions.Usage);
            return 2;
        }

        WebApplication app;
        try
        {
            app = await EdgeIngestApp.BuildAsync(options);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine("error: cannot open the store '" + options.Db + "': " + error.Message);
            return 3;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        await app.StartAsync();

        // SIGTERM (docker stop, systemd, kill) stops the host: treat it like Ctrl+C, flush and print the summary.
        app.Lifetime.ApplicationStopping.Register(() => stop.Cancel());
        var store = app.Services.GetRequiredService<EdgeStore>();
        Console.WriteLine($"EdgeIngest listening on {options.Urls} (store: {store.Description}); metrics at {options.Urls.TrimEnd('/')}/metrics");
        DemoDriver? demo = null;
        Task demoTask = Task.CompletedTask;
        if (options.DemoDevices > 0)
        {
            demo = new DemoDriver(options.Urls.Split(';')[0], options.DemoDevices);
            demoTask = demo.RunAsync(stop.Token);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await demoTask;
        }
        catch (Exception error) when (error is OperationCanceledException or InvalidOperationException or System.Net.Http.HttpRequestException)
        {
            if (error is not OperationCanceledException)
            {
                Console.Error.WriteLine("demo stopped: " + error.Message);
            }
        }

        using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await app.StopAsync(shutdown.Token);
        }
        PrintSummary(app, demo);
        await EdgeIngestResources.FunnelStore(app).DisposeAsync();
        app.Services.GetRequiredService<TracerProvider>().Dispose();
        app.Services.GetRequiredService<MeterProvider>().Dispose();
        await app.DisposeAsync();
        return 0;
    }

    private static void PrintSummary(WebApplication app, DemoDriver? demo)
    {
        var funnelStore = EdgeIngestResources.FunnelStore(app);
        var devices = app.Services.GetRequiredService<DeviceSocketHandler>();
        var hub = app.Services.GetRequiredService<DashboardHub>();
        var flows = app.Services.GetRequiredService<FlowEngine>();
        static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine();
        Console.WriteLine("EdgeIngest summary");
        Console.WriteLine($"  messages ingested:   {devices.MessagesIngested}");
        Console.WriteLine($"  messages rejected:   {devices.MessagesRejected}");
        Console.WriteLine($"  widget broadcasts:   {hub.Broadcasts}");
        Console.WriteLine($"  flow executions:     {flows.Executions} ({flows.Alerts} alerting readings)");
        if (demo is not null)
        {
            Console.WriteLine($"  ingest (ack) latency:          P50 {Ms(demo.AckLatency.Percentile(50))}, P95 {Ms(demo.AckLatency.Percentile(95))} over {demo.AckLatency.Count} acks");
            Console.WriteLine($"  ingest→broadcast latency:      P50 {Ms(demo.BroadcastLatency.Percentile(50))}, P95 {Ms(demo.BroadcastLatency.Percentile(95))} over {demo.BroadcastLatency.Count} deliveries");
        }

        Console.Write("  funnel events stored:");
        foreach (var type in new[] { "OrgCreated", "ProjectCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData", "FlowCreated", "FlowExecuted" })
        {
            Console.Write($" {type}={funnelStore.CountAsync(type, default).GetAwaiter().GetResult()}");
        }

        Console.WriteLine();
    }
}
