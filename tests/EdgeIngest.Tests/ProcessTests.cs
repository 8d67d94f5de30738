using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>The built app run as a process: exit codes, messages and the end-of-run summary.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        // An operator's first command read "error: Unknown option '--help'" and exited 2.
        var help = await AppProcess.RunAsync(TimeSpan.FromSeconds(30), null, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("usage: EdgeIngest [--urls URL]", help.Output, StringComparison.Ordinal);
        Assert.Contains("EdgeIngest funnel-report --db", help.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, help.Error);
    }

    [Fact]
    public async Task Bad_urls_and_a_port_in_use_exit_2_with_a_clear_message()
    {
        var badUrl = await AppProcess.RunAsync(TimeSpan.FromSeconds(30), null, "--urls", "ftp://127.0.0.1:1", "--db", AppProcess.TempDb());
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("error: --urls takes http(s)://HOST:PORT", badUrl.Error);

        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var inUse = await AppProcess.RunAsync(TimeSpan.FromSeconds(30), null, "--urls", "http://127.0.0.1:" + port, "--db", AppProcess.TempDb());
        Assert.Equal(2, inUse.ExitCode);
        Assert.Contains("error: cannot listen on 'http://127.0.0.1:" + port + "'", inUse.Error);
        AppProcess.AssertNoStackTrace(inUse);
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_exits_3_without_printing_its_password()
    {
        var db = $"Host=127.0.0.1;Port={FreePort.Next()};Username=edge;Password=hunter2;Database=edge;Timeout=2";

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(30), null, "--urls", "http://127.0.0.1:" + FreePort.Next(), "--db", db);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("error: cannot open the store 'Host=127.0.0.1;", run.Error);
        Assert.Contains("Password=***", run.Error);
        Assert.DoesNotContain("hunter2", run.Error + run.Output);
        AppProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_demo_run_prints_the_summary_from_the_apps_metrics_and_exits_0()
    {
        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "--urls", "http://127.0.0.1:" + FreePort.Next(), "--db", AppProcess.TempDb(), "--demo", "2", "--duration", "5");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error);
        Assert.Contains("demo: 2 devices in 2 orgs", run.Output);
        Assert.Contains("EdgeIngest summary", run.Output);
        var ingested = Regex.Match(run.Output, @"messages ingested:\s+(\d+) \(readings stored: (\d+); resent messages acknowledged as replays: (\d+)\)");
        Assert.True(ingested.Success, run.Output);
        Assert.True(long.Parse(ingested.Groups[1].Value) > 0);
        // Each demo frame carries 5 readings.
        Assert.Equal(5 * long.Parse(ingested.Groups[1].Value), long.Parse(ingested.Groups[2].Value));
        Assert.Matches(@"widget broadcasts:\s+[1-9]", run.Output);
        Assert.Matches(@"ingest latency \(server\):\s+P50 [0-9.]+ ms, P95 [0-9.]+ ms", run.Output);
        Assert.Matches(@"ingest→broadcast latency \(server\): P50 [0-9.]+ ms", run.Output);
        Assert.Matches(@"device ack latency \(demo clients\):\s+P50 [0-9.]+ ms", run.Output);
        Assert.Contains("funnel events stored: OrgCreated=2 ProjectCreated=2 DeviceRegistered=2 FirstDeviceData=2", run.Output);
        // A reason that never happened is not listed (a newcomer's run printed "auth failures: 0 (device_revoked 0, …)").
        Assert.Matches(@"auth failures:\s+0\r?\n", run.Output);
        Assert.DoesNotMatch(@"\(([a-z_]+ [0-9]+, )*[a-z_]+ 0[,)]", run.Output);
        AppProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_store_that_goes_down_before_the_stop_still_gets_a_summary_and_exit_0()
    {
        await using var postgres = await PostgresServer.StartAsync();

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), async output =>
        {
            if (output.Contains("EdgeIngest listening on", StringComparison.Ordinal))
            {
                await postgres.StopAsync();
                return true;
            }

            return false;
        }, "--urls", "http://127.0.0.1:" + FreePort.Next(), "--db", postgres.ConnectionString, "--duration", "3");

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error);
        Assert.Contains("EdgeIngest summary", run.Output);
        Assert.Contains("messages ingested:", run.Output);
        Assert.Contains("funnel events stored: unavailable", run.Output);
        AppProcess.AssertNoStackTrace(run);
    }
}

/// <summary>Runs the built EdgeIngest.dll (copied next to the tests) with <c>dotnet</c>.</summary>
internal static class AppProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static string TempDb() => Path.Combine(Path.GetTempPath(), "edgeingest-process-" + Guid.NewGuid().ToString("N") + ".db");

    /// <summary>Runs the app; <paramref name="onOutput"/> sees the output so far each time a line arrives, until it returns true.</summary>
    public static Task<Result> RunAsync(TimeSpan timeout, Func<string, Task<bool>>? onOutput, params string[] args) =>
        RunDllAsync(Path.Combine(AppContext.BaseDirectory, "EdgeIngest.dll"), timeout, onOutput, args);

    /// <summary>Runs another build of the app (<paramref name="dll"/>), as <see cref="RunAsync"/>.</summary>
    public static async Task<Result> RunDllAsync(string dll, TimeSpan timeout, Func<string, Task<bool>>? onOutput, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var watching = onOutput is not null;
        var lines = new System.Collections.Concurrent.BlockingCollection<string>();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }

                lines.Add(line);
            }

            lines.CompleteAdding();
        });
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (watching && !lines.IsCompleted)
            {
                if (!lines.TryTake(out _, 100, deadline.Token))
                {
                    continue;
                }

                string soFar;
                lock (output)
                {
                    soFar = output.ToString();
                }

                watching = !await onOutput!(soFar);
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("EdgeIngest did not exit within " + timeout + ": " + output);
        }

        await reading;
        return new Result(process.ExitCode, output.ToString(), await error);
    }

    public static void AssertNoStackTrace(Result run)
    {
        Assert.DoesNotContain("Unhandled exception", run.Error + run.Output);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", run.Error + run.Output);
    }
}
