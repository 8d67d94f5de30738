using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The SDK package asks each target framework for the Microsoft.Extensions versions of that framework's generation,
/// as OpenTelemetry's packages do: net8.0 consumers that pin 8.0.x packages must restore (a higher minimum is a package
/// downgrade for them, NU1605, an error by default — found on MediatR, docs/real-world.md). net9.0 has its own group
/// because OpenTelemetry's packages have one: given the net8.0 group (8.0.0), a net9.0 consumer failed to restore with
/// NU1605, Microsoft.Extensions.Logging 9.0.0 (OpenTelemetry's net9.0 group) downgraded to the 8.0.0 the SDK asked for.
/// </summary>
public sealed class PackageDependencyTests
{
    private readonly ITestOutputHelper _output;

    public PackageDependencyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Each_target_framework_asks_for_Microsoft_Extensions_of_its_own_major_version()
    {
        var feed = await PackedPackages.GetAsync(_output);
        using var package = ZipFile.OpenRead(Path.Combine(feed.Folder, "Instrumentation.Sdk." + feed.Version + ".nupkg"));
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var nuspec = XDocument.Load(stream);
        var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToList();

        Assert.Equal(new[] { "net10.0", "net8.0", "net9.0" }, groups.Select(g => (string)g.Attribute("targetFramework")!).OrderBy(t => t, StringComparer.Ordinal));
        foreach (var group in groups)
        {
            var framework = (string)group.Attribute("targetFramework")!;
            var major = framework.Substring("net".Length, framework.IndexOf('.', StringComparison.Ordinal) - "net".Length);
            var extensions = group.Elements().Where(d => ((string)d.Attribute("id")!).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(extensions);
            Assert.All(extensions, dependency => Assert.True(
                ((string)dependency.Attribute("version")!).StartsWith(major + ".", StringComparison.Ordinal),
                framework + " asks for " + dependency.Attribute("id") + " " + dependency.Attribute("version")));
        }
    }

    [Fact]
    public async Task A_net9_consumer_restores_and_builds_with_warnings_as_errors()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var work = Path.Combine(Path.GetTempPath(), "ins-net9-" + Guid.NewGuid().ToString("N"));
        var consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        try
        {
            var feed = await PackedPackages.GetAsync(_output);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net9.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Instrumentation.Sdk" Version="{feed.Version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
                System.Console.WriteLine(new Orders().Place(2));

                public sealed class Orders
                {
                    [Instrumentation.Operation("orders.place")]
                    public int Place(int quantity) => quantity * 2;
                }
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(consumer, "global.json"), File.ReadAllText(Path.Combine(repository, "global.json")));

            // This machine has no .NET 9 runtime: the build is the check (restore failed before, NU1605).
            var build = await DotnetCli.RunAsync(_output, consumer, Path.Combine(work, "packages"), "build", "-c", "Release");
            Assert.Contains("Consumer.dll", build, StringComparison.Ordinal);
            var generated = Directory.GetFiles(Path.Combine(consumer, "obj"), "Instrumentation.Operations.g.cs", SearchOption.AllDirectories).Single();
            Assert.Contains("orders.place", await File.ReadAllTextAsync(generated), StringComparison.Ordinal);
            var assets = await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json"));
            Assert.Contains("lib/net9.0/Instrumentation.Runtime.dll", assets, StringComparison.Ordinal);
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
}
