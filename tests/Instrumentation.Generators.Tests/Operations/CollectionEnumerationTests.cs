using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A span attribute is rendered before the method runs, so rendering must not change what the method then sees. Found
/// by a newcomer's trial: a collection whose own enumerator dequeues (an <c>IReadOnlyCollection&lt;int&gt;</c> over a
/// queue) was enumerated for the span and reached the method empty — the program printed 0 with the SDK and 6 without.
/// Only collections whose enumerating is the framework's (arrays, <c>List&lt;T&gt;</c>, a class deriving from it) are
/// written as <c>[a, b, …]</c>; the app's own enumerators, and System.Linq's (which run the app's lambdas), are not run.
/// </summary>
public sealed class CollectionEnumerationTests
{
    private const string Source = """
        using System.Collections;
        using System.Collections.Generic;
        using System.Linq;
        using Instrumentation;
        namespace Shapes;

        public sealed class WorkQueue : IReadOnlyCollection<int>
        {
            private readonly Queue<int> _items;
            public WorkQueue(params int[] items) => _items = new Queue<int>(items);
            public int Count => _items.Count;
            public IEnumerator<int> GetEnumerator() { while (_items.Count > 0) { yield return _items.Dequeue(); } }
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public sealed class Readings : List<int> { }

        public static class Jobs
        {
            [Operation("jobs.total")]
            public static int Total([SpanAttribute("items")] IReadOnlyCollection<int> items) => items.Sum();

            public static string Run()
            {
                var queue = Total(new WorkQueue(1, 2, 3));
                var readings = new Readings { 4, 5 };
                var list = Total(readings);
                var projected = Total(new[] { 1, 2 }.Select(x => x * 10).ToList());
                var range = Total((IReadOnlyCollection<int>)Enumerable.Range(1, 3));
                return queue + " " + list + " " + projected + " " + range;
            }
        }
        """;

    [Fact]
    public void A_collection_that_consumes_as_it_is_read_reaches_the_method_whole_and_a_framework_collection_is_still_written_out()
    {
        const string assemblyName = "CollectionEffects";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var stopped = recorder.Spans;
        var assembly = run.Load();
        var printed = (string)assembly.GetType("Shapes.Jobs")!.GetMethod("Run")!.Invoke(null, null)!;

        // As without the SDK: the queue's 6 (it was 0: the span had read the queue empty), the list's 9, 30 and 6.
        Assert.Equal("6 9 30 6", printed);
        var items = stopped.Select(span => (string?)span.GetTagItem("items")).ToArray();
        Assert.Equal(4, items.Length);
        Assert.Equal("WorkQueue { … }", items[0]);
        Assert.Equal("[4, 5]", items[1]);
        Assert.Equal("[10, 20]", items[2]);

        // System.Linq's types are not enumerated for telemetry, even where one presents itself as a collection
        // (Enumerable.Range): their enumerators may run the app's lambdas.
        Assert.DoesNotContain("[", items[3] ?? string.Empty, StringComparison.Ordinal);
    }
}
