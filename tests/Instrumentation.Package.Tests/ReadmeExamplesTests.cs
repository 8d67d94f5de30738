using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The README is executable: the packages (Instrumentation.Sdk, .AspNetCore, .Funnel) are packed once for the test run (<see cref="PackedPackages"/>), EVERY <c>```csharp</c> block of README.md is
/// extracted and compiled into a fresh <c>dotnet new web</c> and a fresh <c>dotnet new console</c> project that
/// reference the packed packages (a block starting with <c>// Program.cs of a "dotnet new web" project</c> becomes the
/// web project's Program.cs, likewise for console, and the worker block the Program.cs of a <c>dotnet new worker</c>
/// project; every other block is a file of all of them), warnings as errors.
/// The web project references Instrumentation.Sdk.AspNetCore and .Funnel; the console project only Instrumentation.Sdk
/// and runs without the ASP.NET Core shared framework.
/// Then both quick starts run: the console one prints its metrics, the web one answers a request and serves
/// <c>/metrics</c> with the operation's and the funnel writer's counters. The help links of the packed analyzers open
/// pages that exist in the restored package.
/// </summary>
public sealed class ReadmeExamplesTests
{
    private const string WebMarker = "// Program.cs of a \"dotnet new web\" project";
    private const string ConsoleMarker = "// Program.cs of a \"dotnet new console\" project";
    private const string WorkerMarker = "// Program.cs of a \"dotnet new worker -n MyWorker\" project";
    private static readonly string[] ProgramMarkers = { WebMarker, ConsoleMarker, WorkerMarker };
    private readonly ITestOutputHelper _output;

    public ReadmeExamplesTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Every_csharp_block_compiles_in_fresh_web_and_console_projects_and_both_quick_starts_run()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var blocks = ExtractBlocks(File.ReadAllText(Path.Combine(repository, "README.md")));
        Assert.Single(blocks, b => b.StartsWith(WebMarker, StringComparison.Ordinal));
        Assert.Single(blocks, b => b.StartsWith(ConsoleMarker, StringComparison.Ordinal));
        Assert.Single(blocks, b => b.StartsWith(WorkerMarker, StringComparison.Ordinal));
        Assert.True(blocks.Count >= 5, "README blocks found: " + blocks.Count);

        var work = Path.Combine(Path.GetTempPath(), "ins-readme-" + Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(work, "packages");
        Directory.CreateDirectory(work);
        try
        {
            var feed = await PackedPackages.GetAsync(_output);
            var version = feed.Version;

            // The two consumers restore and build side by side.
            var webPackages = new[] { ("Instrumentation.Sdk", version), ("Instrumentation.Sdk.AspNetCore", version), ("Instrumentation.Sdk.Funnel", version) };
            var webBuild = CreateProjectAsync(work, "web", "web", feed, packages, webPackages, blocks, WebMarker);
            var consoleBuild = CreateProjectAsync(work, "console", "console", feed, packages, new[] { ("Instrumentation.Sdk", version) }, blocks, ConsoleMarker);
            var web = await webBuild;
            var console = await consoleBuild;

            // The worker block is the Program.cs of "dotnet new worker" (its Worker class and namespace), Instrumentation.Sdk only.
            await CreateProjectAsync(work, "worker", "worker", feed, packages, new[] { ("Instrumentation.Sdk", version) }, blocks, WorkerMarker, projectName: "MyWorker");

            // docs/getting-started.md: its blocks are one "dotnet new web" app with the packages its step 2 adds.
            var gettingStarted = ExtractBlocks(File.ReadAllText(Path.Combine(repository, "docs", "getting-started.md")));
            Assert.Single(gettingStarted, b => b.StartsWith(WebMarker, StringComparison.Ordinal));
            await CreateProjectAsync(work, "gettingstarted", "web", feed, packages, webPackages.Skip(1).Append(("OpenTelemetry.Exporter.Console", "1.20.1")).ToArray(), gettingStarted, WebMarker);

            // Instrumentation.Sdk does not pull in the ASP.NET Core shared framework: the console app runs on the plain runtime.
            var runtimeConfig = File.ReadAllText(Path.Combine(console, "bin", "Release", "net10.0", "Readmeconsole.runtimeconfig.json"));
            Assert.DoesNotContain("Microsoft.AspNetCore.App", runtimeConfig, StringComparison.Ordinal);
            Assert.Contains("Microsoft.NETCore.App", runtimeConfig, StringComparison.Ordinal);

            var consoleOutput = await RunAsync(console, packages, "run", "-c", "Release", "--no-build");
            Assert.Contains("total 6", consoleOutput);
            Assert.Contains("\norders_place_calls_total 1\n", consoleOutput.Replace("\r\n", "\n"), StringComparison.Ordinal);
            // No funnel writer in this app: no funnel metric either (its buffer gauge and drop counter used to be exported at 0).
            Assert.DoesNotContain("funnel_", consoleOutput, StringComparison.Ordinal);

            await RunWebQuickStartAsync(web);
            AssertPackedHelpLinksOpenPages(packages, version);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The text of every <c>```csharp</c> block, in order.</summary>
    internal static List<string> ExtractBlocks(string markdown) =>
        Regex.Matches(markdown.Replace("\r\n", "\n"), "^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();

    private async Task<string> CreateProjectAsync(string work, string name, string template, PackedFeed feed, string packages, (string Id, string Version)[] packageReferences, List<string> blocks, string programMarker, string? projectName = null)
    {
        var directory = Path.Combine(work, name);
        projectName ??= "Readme" + name;
        await RunAsync(work, packages, "new", template, "-o", directory, "-n", projectName, "--framework", "net10.0", "--no-restore");
        var project = Path.Combine(directory, projectName + ".csproj");
        var references = string.Concat(packageReferences.Select(p => "    <PackageReference Include=\"" + p.Id + "\" Version=\"" + p.Version + "\" />\n"));
        var csproj = File.ReadAllText(project).Replace("</Project>", """
              <PropertyGroup>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>

            """ + references + """
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal);
        File.WriteAllText(project, csproj);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), feed.NuGetConfig());
        var index = 0;
        foreach (var block in blocks)
        {
            index++;
            if (block.StartsWith(programMarker, StringComparison.Ordinal))
            {
                File.WriteAllText(Path.Combine(directory, "Program.cs"), block);
            }
            else if (!ProgramMarkers.Any(marker => block.StartsWith(marker, StringComparison.Ordinal)))
            {
                File.WriteAllText(Path.Combine(directory, "ReadmeBlock" + index + ".cs"), block);
            }
        }

        await RunAsync(directory, packages, "build", "-c", "Release");
        return directory;
    }

    private async Task RunWebQuickStartAsync(string directory)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, "bin", "Release", "net10.0", "Readmeweb.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:" + port);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        string log;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port), Timeout = TimeSpan.FromSeconds(10) };
            HttpResponseMessage? answer = null;
            for (var attempt = 0; attempt < 150 && answer is null && !process.HasExited; attempt++)
            {
                try
                {
                    answer = await client.PostAsync("/orgs/acme/orders?quantity=3", null);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.NotNull(answer);
            Assert.Equal(HttpStatusCode.OK, answer!.StatusCode);
            Assert.Equal("6", await answer.Content.ReadAsStringAsync());
            (await client.PostAsync("/orgs/acme/orders?quantity=1", null)).EnsureSuccessStatusCode();

            // The funnel writer stores the first order at once; a repeat of the once-per-entity event is not stored.
            var metrics = string.Empty;
            for (var attempt = 0; attempt < 100 && !metrics.Contains("funnel_events_written_total 1", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(100);
                metrics = await client.GetStringAsync("/metrics");
            }

            _output.WriteLine(metrics);
            Assert.Contains("\norders_place_calls_total 2\n", metrics, StringComparison.Ordinal);
            Assert.Contains("funnel_events_written_total 1", metrics);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            log = await stdout + await stderr;
            _output.WriteLine("web app output:\n" + log);
        }

        // Outside Development the host states the sampling ratio once, where a console user sees it.
        Assert.Contains("samples 10 % of new traces", log, StringComparison.Ordinal);
    }

    private static void AssertPackedHelpLinksOpenPages(string packages, string version)
    {
        var root = Path.Combine(packages, "instrumentation.sdk", version);
        var context = new AssemblyLoadContext("packed-analyzers", isCollectible: true);
        try
        {
            var links = 0;
            foreach (var name in new[] { "Instrumentation.Generators.dll", "Instrumentation.Analyzers.dll" })
            {
                var assembly = context.LoadFromAssemblyPath(Path.Combine(root, "analyzers", "dotnet", "cs", name));
                foreach (var descriptor in ReadmeDiagnosticsTableTests.DescriptorsOf(assembly))
                {
                    var page = new Uri(descriptor.HelpLinkUri).LocalPath;
                    Assert.StartsWith(Path.Combine(root, "docs", "diagnostics"), page, StringComparison.Ordinal);
                    Assert.True(File.Exists(page), descriptor.Id + ": " + page);
                    links++;
                }
            }

            Assert.True(links > 20, "descriptors found in the packed analyzers: " + links);
        }
        finally
        {
            context.Unload();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<string> RunAsync(string directory, string? packagesFolder, params string[] arguments) =>
        DotnetCli.RunAsync(_output, directory, packagesFolder, arguments);
}
