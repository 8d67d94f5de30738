using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Demo;
using EdgeIngest.Hosting;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest;

/// <summary>
/// Entry point: <c>dotnet run --project samples/EdgeIngest -c Release -- [options]</c> (see README.md).
/// Exit codes: 0 after a graceful stop (the summary is printed, with "unavailable" for what the store could
/// not answer), 2 for a bad command line or an address it cannot listen on, 3 when the store cannot be opened.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "funnel-report")
        {
            return await FunnelReportCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "observability")
        {
            return Observability.ObservabilityCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            // An operator's first command; it read "Unknown option '--help'" and exited 2.
            Console.WriteLine("usage: " + EdgeIngestOptions.Usage);
            Console.WriteLine("       " + FunnelReportCommand.Usage);
            return 0;
        }

        EdgeIngestOptions options;
        try
        {
            options = EdgeIngestOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            // A --db value Npgsql cannot read may be repeated in its message: never with its password.
            Console.Error.WriteLine("error: " + (StoreConnection.RepeatsPassword(DbValue(args), error.Message) ? StoreConnection.HiddenMessage : error.Message));
            Console.Error.WriteLine("usage: " + EdgeIngestOptions.Usage);
            return 2;
        }

        WebApplication app;
        try
        {
            app = await EdgeIngestApp.BuildAsync(options);
        }
        catch (FunnelFileException error)
        {
            Console.Error.WriteLine("error: " + error.Message);
            return 3;
        }
        catch (Exception error) when (error is System.Data.Common.DbException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine("error: cannot open the store '" + StoreConnection.Mask(options.Db) + "': " + StoreConnection.MaskError(options.Db, error.Message));
            return 3;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await app.StartAsync();
        }
        catch (Exception error) when (error is System.IO.IOException or InvalidOperationException or FormatException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine("error: cannot listen on '" + options.Urls + "': " + error.Message + " (is another process using the port?)");
            await ReleaseAsync(app);
            return 2;
        }

        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        // SIGTERM (docker stop, systemd, kill) stops the host: treat it like Ctrl+C, flush and print the summary.
        app.Lifetime.ApplicationStopping.Register(() => stop.Cancel());
        var store = app.Services.GetRequiredService<EdgeStore>();
        Console.WriteLine($"EdgeIngest listening on {options.Urls} (store: {store.Description}); metrics at {options.Urls.Split(';')[0].TrimEnd('/')}/metrics");
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
        catch (Exception error) when (error is OperationCanceledException or InvalidOperationException or System.Net.Http.HttpRequestException or System.Net.WebSockets.WebSocketException)
        {
            if (error is not OperationCanceledException)
            {
                Console.Error.WriteLine("demo stopped: " + error.Message);
            }
        }

        try
        {
            using var shutdown = new CancellationTokenSource(options.ShutdownTimeout);
            await app.StopAsync(shutdown.Token);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // For example the funnel writer's last flush while the store is down: report it, keep the summary.
            Console.Error.WriteLine("warning: stopping did not complete cleanly: " + StoreConnection.MaskError(options.Db, error.Message));
        }

        await RunSummary.PrintAsync(Console.Out, app.Services.GetRequiredService<TelemetrySummary>(), EdgeIngestResources.FunnelStore(app), demo);
        await ReleaseAsync(app);
        return 0;
    }

    /// <summary>The value after the last <c>--db</c> (what an error about it must not repeat the password of).</summary>
    private static string DbValue(string[] args)
    {
        var db = string.Empty;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--db")
            {
                db = args[i + 1];
            }
        }

        return db;
    }

    /// <summary>Flushes and disposes what the app holds; a store that is down is reported, never thrown.</summary>
    private static async Task ReleaseAsync(WebApplication app)
    {
        try
        {
            await EdgeIngestResources.FunnelStore(app).DisposeAsync();
            app.Services.GetRequiredService<TracerProvider>().Dispose();
            app.Services.GetRequiredService<MeterProvider>().Dispose();
            await app.DisposeAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Console.Error.WriteLine("warning: releasing resources: " + StoreConnection.Mask(error.Message));
        }
    }
}
