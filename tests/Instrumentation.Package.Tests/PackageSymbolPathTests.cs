using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The packed assemblies' embedded symbols name their sources from <c>/_/</c>, not from the folder of whoever packed
/// them: those paths reach users' exception stack traces, and so their logs and spans (a newcomer's OperationFailed
/// record carried the packer's <c>/tmp/…/src/Runtime/…</c>).
/// </summary>
public sealed class PackageSymbolPathTests
{
    private readonly ITestOutputHelper _output;

    public PackageSymbolPathTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Every_packed_assembly_names_its_sources_from_the_mapped_root()
    {
        var feed = await PackedPackages.GetAsync(_output);
        var checkedAssemblies = 0;
        foreach (var nupkg in Directory.GetFiles(feed.Folder, "*." + feed.Version + ".nupkg"))
        {
            using var package = ZipFile.OpenRead(nupkg);
            var ours = package.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(e.FullName).StartsWith("Instrumentation.", StringComparison.Ordinal));
            foreach (var entry in ours)
            {
                using var copy = new MemoryStream();
                using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(copy);
                }

                copy.Position = 0;
                using var pe = new PEReader(copy);
                var embedded = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
                using var symbols = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
                var reader = symbols.GetMetadataReader();
                var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
                Assert.NotEmpty(documents);
                Assert.All(documents, document => Assert.True(document.StartsWith("/_/", StringComparison.Ordinal), entry.FullName + " names " + document));
                checkedAssemblies++;
            }
        }

        Assert.True(checkedAssemblies >= 4, "only " + checkedAssemblies + " assemblies checked");
    }
}
