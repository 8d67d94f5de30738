using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with a reviewed file under <c>Snapshots/</c>. Set
/// <c>UPDATE_SNAPSHOTS=1</c> to rewrite the files, then review the diff before committing.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var directory = Path.Combine(ProjectDirectory(), "Snapshots");
        var path = Path.Combine(directory, name + ".verified.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), "Snapshot " + path + " does not exist: run the tests with UPDATE_SNAPSHOTS=1 and review it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            File.WriteAllText(Path.Combine(directory, name + ".received.cs"), actual);
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// The test project's source directory, written into the assembly by the build (see the csproj):
    /// caller file paths are path-mapped under <c>ContinuousIntegrationBuild</c> and cannot be used.
    /// </summary>
    private static string ProjectDirectory()
    {
        var directory = typeof(Snapshot).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "SnapshotProjectDirectory")?.Value;
        if (directory is null || !File.Exists(Path.Combine(directory, "Instrumentation.Generators.Tests.csproj")))
        {
            throw new InvalidOperationException("The test project directory is not known (AssemblyMetadata SnapshotProjectDirectory = '" + directory + "').");
        }

        return directory;
    }
}
