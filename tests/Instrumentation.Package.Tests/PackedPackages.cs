using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The packages under test, packed ONCE per test run (src/Runtime → Instrumentation.Sdk, src/Funnel →
/// Instrumentation.Sdk.Funnel, src/AspNetCore → Instrumentation.Sdk.AspNetCore, one version) into a local folder feed that every package test restores from.
/// Packing builds src/Runtime and its generators/analyzers; doing it per test cost a full Release build each time.
/// Each test still restores into its own packages folder, so no test sees another test's extracted package.
/// </summary>
internal static class PackedPackages
{
    private static readonly Lazy<Task<PackedFeed>> Shared = new(PackAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared feed (packed on first use); the pack log goes to the first test's output, later tests get a reference to it.</summary>
    public static async Task<PackedFeed> GetAsync(ITestOutputHelper output)
    {
        var first = !Shared.IsValueCreated;
        var feed = await Shared.Value;
        output.WriteLine(first ? feed.Log : "Reusing the packages packed once for this test run: " + feed.Folder + " version " + feed.Version);
        return feed;
    }

    private static async Task<PackedFeed> PackAsync()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var folder = Path.Combine(Path.GetTempPath(), "ins-feed-" + Guid.NewGuid().ToString("N"));
        var version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(folder);
        var log = new StringBuilder();
        var output = new LogOutput(log);
        await DotnetCli.RunAsync(output, repository, null, "pack", Path.Combine(repository, "src", "Runtime", "Instrumentation.Runtime.csproj"), "-c", "Release", "-o", folder, "-p:Version=" + version);
        await DotnetCli.RunAsync(output, repository, null, "pack", Path.Combine(repository, "src", "Funnel", "Instrumentation.Funnel.csproj"), "-c", "Release", "-o", folder, "-p:Version=" + version);
        await DotnetCli.RunAsync(output, repository, null, "pack", Path.Combine(repository, "src", "AspNetCore", "Instrumentation.AspNetCore.csproj"), "-c", "Release", "-o", folder, "-p:Version=" + version);
        Assert.True(File.Exists(Path.Combine(folder, "Instrumentation.Sdk." + version + ".nupkg")), "the SDK package was produced");
        Assert.True(File.Exists(Path.Combine(folder, "Instrumentation.Sdk.AspNetCore." + version + ".nupkg")), "the ASP.NET Core package was produced");
        Assert.True(File.Exists(Path.Combine(folder, "Instrumentation.Sdk.Funnel." + version + ".nupkg")), "the funnel package was produced");
        return new PackedFeed(folder, version, log.ToString());
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A local folder feed holding Instrumentation.Sdk, .AspNetCore and .Funnel of <paramref name="Version"/>.</summary>
internal sealed record PackedFeed(string Folder, string Version, string Log)
{
    /// <summary>A NuGet.config for a consumer: this feed first, the machine's packages folder as a fallback.</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="local" value="{Folder}" />
          </packageSources>
          <fallbackPackageFolders>
            <add key="global" value="{PackageTestSupport.GlobalPackagesFolder()}" />
          </fallbackPackageFolders>
        </configuration>
        """;
}
