using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.LoadGen;
using EdgeIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>The load generator against the real app: provisions, streams, and measures.</summary>
public sealed class LoadGenTests
{
    [Fact]
    public async Task Load_run_provisions_streams_and_measures_acks_and_broadcasts()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var options = LoadGenOptions.Parse(new[] { "--url", server.BaseUrl, "--devices", "3", "--rate", "60", "--duration", "2" });
        var run = new LoadRun(options);
        var progress = 0.0;

        await run.RunAsync(p => progress = p, CancellationToken.None);

        Assert.Equal(1.0, progress);
        Assert.InRange(run.Sent, 60, 150);
        Assert.Equal(run.Sent, run.Acknowledged);
        Assert.Equal(0, run.Errors);
        Assert.Equal(run.Sent, run.Ack.Count);
        Assert.True(run.Broadcast.Count > 0, "broadcasts were received by the dashboard socket");
        Assert.True(run.Ack.Percentile(95) > 0);
        Assert.Equal(await server.App.Services.GetRequiredService<EdgeStore>().CountAsync("ingested_messages", default), run.Stored);
        Assert.Equal(0, run.Lost);

        // The load's project has one flow on its sensor (--flows, default 1), as a user's does: every message runs it.
        Assert.Equal(1, options.Flows);
        var flows = server.App.Services.GetRequiredService<EdgeIngest.Hosting.TelemetrySummary>();
        Assert.Equal(run.Acknowledged, flows.Total("flow_exec_total"));
        Assert.Equal(0, flows.Total("flow_failures_total"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Piped_output_is_plain_live_counts_and_a_summary_that_checks_the_store(string kind)
    {
        await using var postgres = kind == "postgres" ? await Instrumentation.TestServers.PostgresServer.StartAsync() : null;
        await using var server = await EdgeIngestServer.StartAsync(db: postgres?.ConnectionString);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeIngest.LoadGen.dll"));
        foreach (var argument in new[] { "--url", server.BaseUrl, "--devices", "3", "--rate", "60", "--duration", "3" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            await process.WaitForExitAsync(deadline.Token);
        }

        var text = await output;
        Assert.True(process.ExitCode == 0, "exit " + process.ExitCode + ": " + text + await error);
        Assert.False(text.Contains('\u001b', StringComparison.Ordinal), "ANSI escape in piped output: " + text.Replace("\u001b", "<ESC>", StringComparison.Ordinal));

        // Live counts, one plain line a second while running.
        var live = Regex.Matches(text, @"(?m)^\[\s*(\d+)s\] sent=(\d+) acked=(\d+) errors=(\d+) ack_p50=(\S+) ack_p95=(\S+)\r?$");
        Assert.True(live.Count >= 3, text);

        // The summary: what was acknowledged, what the store holds, and the difference.
        long Field(string name)
        {
            var match = Regex.Match(text, "(?m)^" + Regex.Escape(name) + @": (\d+)\r?$");
            Assert.True(match.Success, name + " missing in: " + text);
            return long.Parse(match.Groups[1].Value);
        }

        var sent = Field("sent");
        var acknowledged = Field("acknowledged");
        var stored = Field("stored");
        Assert.InRange(sent, 90, 250);
        // A line shown while running has a partial count: the counts are live, not only printed at the end.
        Assert.Contains(live, m => long.Parse(m.Groups[2].Value) is > 0 and var partial && partial < sent);
        Assert.Equal(sent, acknowledged);
        Assert.Equal(0, Field("errors"));
        // The printed count is the store's own: every message LoadGen sent went to its own, new org.
        Assert.Equal(await server.App.Services.GetRequiredService<EdgeStore>().CountAsync("ingested_messages", default), stored);
        Assert.Equal(acknowledged - stored, Field("lost (acknowledged - stored)"));
        Assert.Equal(0, Field("lost (acknowledged - stored)"));
    }

    [Fact]
    public void Rate_max_is_a_closed_loop_with_a_bounded_number_in_flight()
    {
        var options = LoadGenOptions.Parse(new[] { "--rate", "max", "--in-flight", "8" });

        Assert.True(options.Saturate);
        Assert.Equal(8, options.InFlight);
        Assert.False(LoadGenOptions.Parse(new[] { "--rate", "400" }).Saturate);
    }

    [Theory]
    [InlineData("--rate", "0")]
    [InlineData("--in-flight", "0")]
    [InlineData("--devices", "-1")]
    [InlineData("--url", "ftp://x")]
    [InlineData("--flows", "-1")]
    [InlineData("--flows", "101")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_refused_with_a_clear_message(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadGenOptions.Parse(new[] { option, value }));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
