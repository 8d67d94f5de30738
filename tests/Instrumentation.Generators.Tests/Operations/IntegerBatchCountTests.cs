using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// <c>BatchAttribute</c> documents "arrays, collections, memory and integer counts", and IntelliSense shows that text;
/// a newcomer's <c>[Ingest] … ([Batch] int count)</c> got INS0004 "its type has no integer Count or Length" instead
/// (found by building a fresh web app against the package). An integer argument is now the batch's count.
/// </summary>
public sealed class IntegerBatchCountTests
{
    private const string Source = """
        using Instrumentation;
        namespace Batches;
        public sealed class Importer
        {
            [Ingest("import.rows")]
            public int Import(TenantContext tenant, [Batch] int rows) => rows;
        }
        public sealed class Mover
        {
            [Ingest("move.rows", MessagesMetric = "moved_total", BatchSizeMetric = "moved_batch_size", DurationMetric = "moved_ms", CallsMetric = "move_calls_total", FailuresMetric = "move_failures_total")]
            public long Move(TenantContext tenant, [Batch] long rows) => rows;
        }
        public static class Use
        {
            public static long Run()
            {
                var tenant = new TenantContext("org", "project");
                var importer = new Importer();
                return importer.Import(tenant, 3) + importer.Import(tenant, 0) + importer.Import(tenant, -2) + new Mover().Move(tenant, 5L);
            }
        }
        """;

    [Fact]
    public void An_integer_Batch_argument_is_the_count_of_the_messages_counter_and_the_batch_size_histogram()
    {
        var assemblyName = CrossProjectHarness.UniqueName("IntegerBatchCount");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));

        Assert.Empty(run.Problems);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0004");

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(6L, (long)run.Load().GetType("Batches.Use")!.GetMethod("Run")!.Invoke(null, null)!);

        // Every successful call records its count (a negative one as an empty batch); the counter only what was ingested.
        Assert.Equal(new[] { 3.0, 0.0, 0.0 }, recorder.ValuesOf("ingest_batch_size"));
        Assert.Equal(new[] { 3.0 }, recorder.ValuesOf("ingest_messages_total"));
        Assert.Equal(new[] { 5.0 }, recorder.ValuesOf("moved_batch_size"));
        Assert.Equal(new[] { 5.0 }, recorder.ValuesOf("moved_total"));
    }

    [Fact]
    public void A_Batch_argument_with_no_count_says_which_types_it_may_have()
    {
        const string source = """
            using Instrumentation;
            public class C { [Ingest("i.r")] public void M(TenantContext t, [Batch] int? rows) { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0004");
        Assert.EndsWith(
            "its type has no integer Count or Length; use an array, a collection, a span or an integer count",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            System.StringComparison.Ordinal);
    }
}
