using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace EdgeIngest.LoadGen;

/// <summary>The EdgeIngest load generator (see samples/EdgeIngest/README.md).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadGenOptions options;
        try
        {
            options = LoadGenOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine("error: " + error.Message);
            Console.Error.WriteLine("usage: " + LoadGenOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var run = new LoadRun(options);
        try
        {
            if (options.Json)
            {
                await run.RunAsync(null, cancel.Token);
            }
            else if (Console.IsOutputRedirected)
            {
                // Piped or in CI: one plain line a second, no ANSI codes.
                var printed = -1;
                await run.RunAsync(
                    p =>
                    {
                        var elapsed = p * options.Duration;
                        if ((int)elapsed.TotalSeconds > printed || p >= 1)
                        {
                            printed = (int)elapsed.TotalSeconds;
                            Console.WriteLine(LiveStatus.Line(run, elapsed));
                        }
                    },
                    cancel.Token);
            }
            else
            {
                await AnsiConsole.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"{options.Devices} devices at {options.Rate:0.#} msg/s for {options.Duration.TotalSeconds:0} s");
                    await run.RunAsync(
                        p =>
                        {
                            task.Value = p * 100;
                            task.Description = Markup.Escape(LiveStatus.Line(run, p * options.Duration));
                        },
                        cancel.Token);
                });
            }
        }
        catch (Exception error) when (error is HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            Console.Error.WriteLine("error: cannot drive " + options.Url + ": " + error.Message);
            return 3;
        }

        // Acknowledgements inside the measured window only: a backlog drained afterwards does not count.
        var throughput = run.AcknowledgedInWindow / Math.Max(options.Duration.TotalSeconds, 0.001);
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                sent = run.Sent,
                acknowledged = run.Acknowledged,
                acknowledged_in_window = run.AcknowledgedInWindow,
                offered = options.Saturate ? "max (closed loop, " + options.InFlight + " in flight per device)" : options.Rate.ToString("0.#", CultureInfo.InvariantCulture) + " msg/s",
                errors = run.Errors,
                throughput_per_s = Math.Round(throughput, 1),
                ack_p50_ms = Round(run.Ack.Percentile(50)),
                ack_p95_ms = Round(run.Ack.Percentile(95)),
                ack_p99_ms = Round(run.Ack.Percentile(99)),
                broadcast_p50_ms = Round(run.Broadcast.Percentile(50)),
                broadcast_p95_ms = Round(run.Broadcast.Percentile(95)),
                broadcast_p99_ms = Round(run.Broadcast.Percentile(99)),
                stored = run.Stored,
                lost = run.Lost,
                store_check_error = run.StoreCheckError,
            }));
            return ExitCode(run);
        }

        var stored = run.Stored?.ToString(CultureInfo.InvariantCulture) ?? "unavailable (" + run.StoreCheckError + ")";
        var lost = run.Lost?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine("summary:");
            Console.WriteLine("sent: " + run.Sent.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("acknowledged: " + run.Acknowledged.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("errors: " + run.Errors.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("throughput: " + throughput.ToString("0.0", CultureInfo.InvariantCulture) + " msg/s");
            Console.WriteLine("ack latency P50 / P95 / P99: " + Ms(run.Ack));
            Console.WriteLine("broadcast latency P50 / P95 / P99: " + Ms(run.Broadcast));
            Console.WriteLine("stored: " + stored);
            Console.WriteLine("lost (acknowledged - stored): " + lost);
            return ExitCode(run);
        }

        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("sent", run.Sent.ToString(CultureInfo.InvariantCulture));
        table.AddRow("acknowledged", run.Acknowledged.ToString(CultureInfo.InvariantCulture));
        table.AddRow("errors", run.Errors.ToString(CultureInfo.InvariantCulture));
        table.AddRow("throughput", throughput.ToString("0.0", CultureInfo.InvariantCulture) + " msg/s");
        table.AddRow("ack latency P50 / P95 / P99", Ms(run.Ack));
        table.AddRow("broadcast latency P50 / P95 / P99", Ms(run.Broadcast));
        table.AddRow("stored", Markup.Escape(stored));
        table.AddRow("lost (acknowledged − stored)", lost);
        AnsiConsole.Write(table);
        return ExitCode(run);
    }

    /// <summary>0, or 4 when the store is missing acknowledged messages.</summary>
    private static int ExitCode(LoadRun run) => run.Lost > 0 ? 4 : 0;

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 2);

    private static string Ms(LatencySamples samples) =>
        string.Join(" / ", new[] { 50.0, 95, 99 }.Select(p => double.IsNaN(samples.Percentile(p)) ? "n/a" : samples.Percentile(p).ToString("0.0", CultureInfo.InvariantCulture))) + " ms";
}
