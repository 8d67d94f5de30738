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
            else
            {
                await AnsiConsole.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"{options.Devices} devices at {options.Rate:0.#} msg/s for {options.Duration.TotalSeconds:0} s");
                    await run.RunAsync(p => task.Value = p * 100, cancel.Token);
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
            }));
            return 0;
        }

        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("sent", run.Sent.ToString(CultureInfo.InvariantCulture));
        table.AddRow("acknowledged", run.Acknowledged.ToString(CultureInfo.InvariantCulture));
        table.AddRow("errors", run.Errors.ToString(CultureInfo.InvariantCulture));
        table.AddRow("throughput", throughput.ToString("0.0", CultureInfo.InvariantCulture) + " msg/s");
        table.AddRow("ack latency P50 / P95 / P99", Ms(run.Ack));
        table.AddRow("broadcast latency P50 / P95 / P99", Ms(run.Broadcast));
        AnsiConsole.Write(table);
        return 0;
    }

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 2);

    private static string Ms(LatencySamples samples) =>
        string.Join(" / ", new[] { 50.0, 95, 99 }.Select(p => double.IsNaN(samples.Percentile(p)) ? "n/a" : samples.Percentile(p).ToString("0.0", CultureInfo.InvariantCulture))) + " ms";
}
