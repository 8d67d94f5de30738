using System.Linq;
using Instrumentation.Observability;
using Xunit;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>
/// This test assembly is instrumented and loaded normally (not collectible): its module initializer registers its
/// catalog sections by naming the assembly, and the catalog reads them from its AssemblyMetadata attributes — once,
/// then keeps the text for every later snapshot (another assembly registering makes a new one).
/// </summary>
public sealed class TelemetryCatalogRegistrationTests
{
    [Fact]
    public void The_catalog_of_a_normally_loaded_assembly_is_read_from_its_attributes_and_survives_later_registrations()
    {
        var name = typeof(TelemetryCatalogRegistrationTests).Assembly.GetName().Name!;
        var first = TelemetryCatalog.Current.ForAssembly(name).Spans.Select(s => s.Name).ToList();

        // A new registration drops the snapshot; the next one is built from the kept text.
        TelemetryCatalog.Register("CatalogRegistrationTests.Other", TelemetryCatalog.SpansSection, "[{\"name\":\"other.span\",\"kind\":\"operation\"}]");
        var second = TelemetryCatalog.Current.ForAssembly(name).Spans.Select(s => s.Name).ToList();

        Assert.Contains("async_frame.pending", first);
        Assert.Contains("async_frame.sync", first);
        Assert.Equal(first, second);
        Assert.Contains(TelemetryCatalog.Current.Spans, s => s.Name == "other.span");
    }
}
