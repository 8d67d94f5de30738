using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with a reviewed file under <c>Snapshots/</c>. Set
/// <c>UPDATE_SNAPSHOTS=1</c> to rewrite the files, then review the diff before committing.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerFile), "Snapshots");
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

    private static string FindProjectDirectory(string callerFile)
    {
        var directory = Path.GetDirectoryName(callerFile);
        while (directory is not null && !File.Exists(Path.Combine(directory, "Instrumentation.Generators.Tests.csproj")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Test project directory not found from " + callerFile);
    }
}
