using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

public sealed class OperationGeneratorOutputTests
{
    [Fact]
    public void Ingest_operation_matches_the_reviewed_snapshot_and_compiles_cleanly()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), OperationSources.Ingest);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Snapshot.Match("Operations.Ingest", run.GeneratedSources[OperationEmitter.HintName]);
    }

    [Fact]
    public void Interface_generic_and_async_shapes_match_the_reviewed_snapshot_and_compile_cleanly()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), OperationSources.Shapes);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Snapshot.Match("Operations.Shapes", run.GeneratedSources[OperationEmitter.HintName]);
    }

    [Fact]
    public void Every_call_site_gets_an_intercepts_location()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), OperationSources.Shapes);
        var source = run.GeneratedSources[OperationEmitter.HintName];

        // store.PutAsync, concrete.PutAsync, box.RunAsync<int>, box.RunAsync<long> in a lambda.
        Assert.Equal(4, CountOccurrences(source, "InterceptsLocation(1,"));
    }

    [Fact]
    public void Output_is_deterministic()
    {
        var first = GeneratorHarness.Run(new OperationGenerator(), OperationSources.Shapes).GeneratedSources[OperationEmitter.HintName];
        var second = GeneratorHarness.Run(new OperationGenerator(), OperationSources.Shapes).GeneratedSources[OperationEmitter.HintName];

        Assert.Equal(first, second);
    }

    [Fact]
    public void InstrumentationEnabled_false_compiles_everything_out()
    {
        var run = GeneratorHarness.Run(
            new OperationGenerator(),
            OperationSources.Ingest,
            new Dictionary<string, string> { ["InstrumentationEnabled"] = "false" });

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void Skip_unsampled_roots_property_applies_to_every_operation()
    {
        var run = GeneratorHarness.Run(
            new OperationGenerator(),
            OperationSources.Ingest,
            new Dictionary<string, string> { ["InstrumentationSkipUnsampledRoots"] = "true" });

        Assert.Contains("public const bool SkipUnsampledRoot = true;", run.GeneratedSources[OperationEmitter.HintName]);
    }

    [Fact]
    public void Two_thousand_annotated_methods_generate_and_compile_without_errors()
    {
        var source = SyntheticSources.Operations(2_000);

        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Equal(2_000, CountOccurrences(run.GeneratedSources[OperationEmitter.HintName], "InterceptsLocation(1,"));
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, System.StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, System.StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
