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
/// downgrade for them, NU1605, an error by default — found on MediatR, docs/real-world.md).
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

        Assert.Equal(new[] { "net10.0", "net8.0" }, groups.Select(g => (string)g.Attribute("targetFramework")!).OrderBy(t => t, StringComparer.Ordinal));
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
}
