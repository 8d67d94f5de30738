using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Instrumentation.TestServers;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// The sample built with <c>-p:InstrumentationEnabled=false</c> (what <c>benchmarks/e2e.sh</c> compares against, and
/// what a team does to rule the SDK out) runs like the instrumented one: devices are acknowledged, the summary says
/// the server-side figures are not measured, and the observability view answers 503 with the reason instead of
/// the app failing to start (it did: the observability plan names generated metrics that this build has not).
/// </summary>
public sealed class CompiledOutTests
{
    [Fact]
    public async Task The_sample_with_instrumentation_compiled_out_starts_acknowledges_devices_and_explains_the_empty_view()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "edgeingest-compiled-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            var dll = await BuildCompiledOutAsync(artifacts);
            var port = FreePort.Next();
            string? panels = null;
            var status = HttpStatusCode.OK;
            var run = await AppProcess.RunDllAsync(dll, TimeSpan.FromSeconds(90), async output =>
            {
                if (!output.Contains("demo: open", StringComparison.Ordinal))
                {
                    return false;
                }

                using var http = new HttpClient();
                using var response = await http.GetAsync(new Uri("http://127.0.0.1:" + port + "/api/observability/panels"));
                status = response.StatusCode;
                panels = await response.Content.ReadAsStringAsync();
                return true;
            }, "--urls", "http://127.0.0.1:" + port, "--db", AppProcess.TempDb(), "--demo", "2", "--duration", "4");

            Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error + run.Output);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("instrumentation compiled out", panels, StringComparison.Ordinal);
            Assert.Contains("(instrumentation compiled out: server-side counts and latencies are not measured in this build)", run.Output);
            var acks = Regex.Match(run.Output, @"device ack latency \(demo clients\):\s+P50 [0-9.]+ ms, P95 [0-9.]+ ms over (\d+) acks");
            Assert.True(acks.Success && long.Parse(acks.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, run.Output);
            AppProcess.AssertNoStackTrace(run);
        }
        finally
        {
            try
            {
                Directory.Delete(artifacts, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task<string> BuildCompiledOutAsync(string artifacts)
    {
        var project = Path.Combine(RepositoryRoot(), "samples", "EdgeIngest", "EdgeIngest.csproj");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", project, "-c", "Release", "-nologo", "-clp:ErrorsOnly", "--artifacts-path", artifacts, "-p:InstrumentationEnabled=false" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "dotnet build -p:InstrumentationEnabled=false failed: " + await output + await error);
        var dll = Path.Combine(artifacts, "bin", "EdgeIngest", "release", "EdgeIngest.dll");
        Assert.True(File.Exists(dll), dll);
        return dll;
    }

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Instrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Repository root not found from " + AppContext.BaseDirectory);
    }
}
