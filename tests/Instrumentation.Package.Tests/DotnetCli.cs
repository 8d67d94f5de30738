using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>What every package test does: run the dotnet CLI in a folder (the repository and NuGet cache: <see cref="PackageTestSupport"/>).</summary>
internal static class DotnetCli
{
    /// <summary>Runs <c>dotnet arguments</c> in <paramref name="directory"/>, logs its output, fails the test on a non-zero exit.</summary>
    public static async Task<string> RunAsync(ITestOutputHelper output, string directory, string? packagesFolder, params string[] arguments)
    {
        var (exitCode, text) = await RunAllowingFailureAsync(output, directory, packagesFolder, arguments);
        Assert.True(exitCode == 0, "dotnet " + string.Join(" ", arguments) + " failed with " + exitCode + ":\n" + text);
        return text;
    }

    /// <summary>Runs <c>dotnet arguments</c> in <paramref name="directory"/> and logs its output; the caller judges the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAllowingFailureAsync(ITestOutputHelper output, string directory, string? packagesFolder, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (packagesFolder is not null)
        {
            info.Environment["NUGET_PACKAGES"] = packagesFolder;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        output.WriteLine("$ dotnet " + string.Join(" ", arguments) + "\n" + text);
        return (process.ExitCode, text);
    }
}
