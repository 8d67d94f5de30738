using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.LoadGen;
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
    [InlineData("--bogus", "1")]
    public void Bad_options_are_refused_with_a_clear_message(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadGenOptions.Parse(new[] { option, value }));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
