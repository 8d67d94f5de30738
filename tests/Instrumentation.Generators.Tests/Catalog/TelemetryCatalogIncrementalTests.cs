using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Catalog;

/// <summary>The catalog steps are incremental: unrelated and call-site edits leave them cached; a changed span name changes them.</summary>
public sealed class TelemetryCatalogIncrementalTests
{
    [Theory]
    [InlineData(1, "a + b", "a + b + 1")]
    [InlineData(0, "\"a@example.com\", 1, \"d1\"", "\"b@example.com\", 2, \"d2\"")]
    public void Edits_that_leave_the_catalog_unchanged_leave_its_steps_and_outputs_cached(int tree, string from, string to)
    {
        foreach (var (generator, step) in new (IIncrementalGenerator, string)[]
                 {
                     (new OperationGenerator(), TrackingNames.OperationCatalog),
                     (new OperationGenerator(), TrackingNames.FunnelCatalog),
                     (new LogMethodGenerator(), TrackingNames.LogCatalog),
                 })
        {
            var compilation = GeneratorHarness.Compile(CatalogSources.All, CatalogSources.Unrelated);
            var driver = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation);
            var source = tree == 0 ? CatalogSources.All : CatalogSources.Unrelated;
            Assert.Contains(from, source, System.StringComparison.Ordinal);
            driver = driver.RunGenerators(Replace(compilation, tree, source.Replace(from, to)));

            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.TrackedSteps.ContainsKey(step), step + " is tracked");
            Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
            if (tree == 0 && generator is OperationGenerator)
            {
                // The edit reached the generator: the call sites changed, the catalog did not.
                Assert.Contains(result.TrackedSteps[TrackingNames.AllCallSites].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            }
        }
    }

    [Fact]
    public void Renaming_a_span_modifies_the_operation_catalog_and_leaves_the_funnel_catalog_unchanged()
    {
        var compilation = GeneratorHarness.Compile(CatalogSources.All, CatalogSources.Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);

        driver = driver.RunGenerators(Replace(compilation, 0, CatalogSources.All.Replace("\"ws.ingest.receive\"", "\"ws.ingest.accept\"")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.OperationCatalog].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[TrackingNames.FunnelCatalog].SelectMany(r => r.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "funnel catalog was " + o.Reason));
        var catalog = result.GeneratedSources.Single(s => s.HintName == "Instrumentation.TelemetryCatalog.Operations.g.cs").SourceText.ToString();
        Assert.Contains("ws.ingest.accept", catalog, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_log_template_modifies_the_log_catalog()
    {
        var compilation = GeneratorHarness.Compile(CatalogSources.All, CatalogSources.Unrelated);
        var driver = GeneratorHarness.CreateDriver(new LogMethodGenerator()).RunGenerators(compilation);

        driver = driver.RunGenerators(Replace(compilation, 0, CatalogSources.All.Replace("Stored {count} readings", "Saved {count} readings")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.LogCatalog].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
