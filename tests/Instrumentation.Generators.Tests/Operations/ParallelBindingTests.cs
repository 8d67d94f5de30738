using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Issue 18 §7: call sites are bound on the machine's cores when the compilation builds concurrently (the compiler's
/// own <c>ConcurrentBuild</c> switch) — what is generated, its order and its diagnostics are those of binding one
/// tree after the other; a failing call is still one INS0999 at that call.
/// Run alone (<see cref="AloneOnTheMachine"/>), and the probe holds the first binding thread until a second one binds:
/// with other tests or processes keeping the cores busy, the work could finish on the calling thread before a helper
/// starts, which is correct but would not show that binding ran on several threads.
/// </summary>
[Collection(AloneOnTheMachine.Name)]
public sealed class ParallelBindingTests
{
    private const int Files = 48;

    private const string Meter = """
        using Instrumentation;
        namespace App;
        public sealed class Meter
        {
            [Operation("meter.read")] public int Read(int channel) => channel;
            [Operation("meter.read.named")] public int Read(string name) => name.Length;
            [Operation("meter.reset")] public void Reset() { }
            [Operation("meter.scale")] public static T Scale<T>(T value) => value;
        }
        public sealed class Plain
        {
            public int Read(int channel) => channel + 1;
        }
        """;

    [Fact]
    public void Binding_in_parallel_generates_exactly_what_binding_one_tree_after_the_other_does()
    {
        var concurrent = Compilation(concurrentBuild: true);
        var sequential = Compilation(concurrentBuild: false);

        GeneratorRun parallelRun, sequentialRun;
        int parallelThreads, sequentialThreads;
        using (var probe = GeneratorWorkProbe.Start())
        {
            // The first binding thread waits for a second one: on a busy machine (CI runs other test assemblies beside
            // this one) the calling thread could otherwise bind all 48 trees before a helper is scheduled.
            probe.WaitForSecondBindingThread = true;
            parallelRun = GeneratorHarness.Run(new OperationGenerator(), concurrent);
            parallelThreads = probe.BindingThreads;
        }

        using (var probe = GeneratorWorkProbe.Start())
        {
            sequentialRun = GeneratorHarness.Run(new OperationGenerator(), sequential);
            sequentialThreads = probe.BindingThreads;
        }

        Assert.Empty(parallelRun.Problems);
        Assert.Empty(parallelRun.GeneratorDiagnostics);
        Assert.Equal(sequentialRun.GeneratedSources.Keys.OrderBy(k => k, StringComparer.Ordinal), parallelRun.GeneratedSources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var pair in sequentialRun.GeneratedSources)
        {
            Assert.Equal(pair.Value, parallelRun.GeneratedSources[pair.Key]);
        }

        // Every call of an annotated method in every file is intercepted (Plain.Read, same name, is not).
        Assert.Equal(Enumerable.Range(0, Files).Sum(file => Rounds(file) * 4), Interceptions(parallelRun));
        Assert.Equal(1, sequentialThreads);
        if (Environment.ProcessorCount > 1)
        {
            Assert.True(parallelThreads > 1, "binding ran on " + parallelThreads + " thread(s) with " + Environment.ProcessorCount + " cores");
        }
    }

    [Fact]
    public void A_call_whose_handling_throws_while_trees_are_bound_in_parallel_is_one_INS0999_at_each_such_call()
    {
        GeneratorRun run;
        using (FaultInjection.ThrowAtCallSite("Reset"))
        {
            run = GeneratorHarness.Run(new OperationGenerator(), Compilation(concurrentBuild: true));
        }

        var failures = run.GeneratorDiagnostics.Where(d => d.Id == "INS0999").ToList();
        Assert.Equal(Enumerable.Range(0, Files).Sum(Rounds), failures.Count);
        Assert.All(failures, failure => Assert.Equal(
            "meter.Reset()",
            failure.Location.SourceTree!.GetText().ToString(failure.Location.SourceSpan)));
        Assert.Equal(Files, failures.Select(f => f.Location.SourceTree!.FilePath).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, Files).Sum(file => Rounds(file) * 3), Interceptions(run));
        Assert.DoesNotContain(run.Problems, d => d.Id != "INS0999");
    }

    [Fact]
    public void Parallel_work_runs_each_item_once_on_several_threads_and_only_the_callers_when_not_concurrent()
    {
        var items = Enumerable.Range(0, 200).ToList();
        var seen = new ConcurrentDictionary<int, int>();
        var threads = new ConcurrentDictionary<int, bool>();
        using var secondThread = new ManualResetEventSlim();
        var waited = 0;
        ParallelWork.ForEach(items, concurrent: true, item =>
        {
            seen.AddOrUpdate(item, 1, (_, count) => count + 1);
            threads[Environment.CurrentManagedThreadId] = true;
            if (threads.Count > 1)
            {
                secondThread.Set();
            }
            else if (Interlocked.Exchange(ref waited, 1) == 0)
            {
                // The first item waits (once) for a second worker to show up, so that the calling thread cannot finish
                // everything before a helper starts; a ForEach that never uses a second thread fails below.
                secondThread.Wait(TimeSpan.FromSeconds(10));
            }
        }, CancellationToken.None);

        Assert.Equal(items, seen.Keys.OrderBy(k => k));
        Assert.All(seen.Values, count => Assert.Equal(1, count));
        if (Environment.ProcessorCount > 1)
        {
            Assert.True(threads.Count > 1);
        }

        var order = new List<int>();
        var callers = new HashSet<int>();
        ParallelWork.ForEach(items, concurrent: false, item =>
        {
            order.Add(item);
            callers.Add(Environment.CurrentManagedThreadId);
        }, CancellationToken.None);
        Assert.Equal(items, order);
        Assert.Equal(new[] { Environment.CurrentManagedThreadId }, callers);
    }

    [Fact]
    public void A_failure_in_parallel_work_is_rethrown_as_itself_once_every_worker_has_stopped()
    {
        if (Environment.ProcessorCount < 2)
        {
            // One worker: nothing runs beside the failing item (the rethrow is covered by the generator tests' INS0999).
            return;
        }

        // Two items, one per worker: both start, item 0 throws, item 1 keeps running for a while after that. If
        // ForEach returned without waiting for it, item 1 would see "returned" while still running.
        using var bothStarted = new CountdownEvent(2);
        using var thrown = new ManualResetEventSlim();
        using var finished = new ManualResetEventSlim();
        var returned = false;
        var sawReturn = false;
        var failure = Assert.Throws<InvalidOperationException>(() => ParallelWork.ForEach(new[] { 0, 1 }, concurrent: true, item =>
        {
            bothStarted.Signal();
            Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(10)), "the two items did not run side by side");
            if (item == 0)
            {
                thrown.Set();
                throw new InvalidOperationException("item 0");
            }

            thrown.Wait(TimeSpan.FromSeconds(10));
            var until = DateTime.UtcNow.AddMilliseconds(300);
            while (DateTime.UtcNow < until && !Volatile.Read(ref sawReturn))
            {
                sawReturn = Volatile.Read(ref returned);
            }

            finished.Set();
        }, CancellationToken.None));
        Volatile.Write(ref returned, true);

        Assert.Equal("item 0", failure.Message);
        Assert.True(finished.IsSet, "ForEach returned before its other worker finished");
        Assert.False(Volatile.Read(ref sawReturn));
    }

    [Fact]
    public void Cancelling_parallel_work_is_an_OperationCanceledException_not_an_AggregateException_and_stops_taking_items()
    {
        using var cancellation = new CancellationTokenSource();
        var done = 0;
        var cancelled = false;
        var startedAfterCancel = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => ParallelWork.ForEach(Enumerable.Range(0, 1000).ToList(), concurrent: true, item =>
        {
            if (Volatile.Read(ref cancelled))
            {
                Interlocked.Increment(ref startedAfterCancel);
            }

            if (Interlocked.Increment(ref done) == 20)
            {
                cancellation.Cancel();
                Volatile.Write(ref cancelled, true);
            }
        }, cancellation.Token));

        // Each worker checks the token before taking an item: once Cancel() has returned, only a worker that had
        // already passed its check may start one more item (the other workers, at most one each). Counted from the
        // moment Cancel() returned, not from the 20th item: the canceller can be descheduled (or JIT-compiling
        // Cancel) while the others go on.
        Assert.InRange(Volatile.Read(ref startedAfterCancel), 0, Environment.ProcessorCount - 1);
    }

    private static CSharpCompilation Compilation(bool concurrentBuild)
    {
        var sources = new List<string> { Meter };
        for (var file = 0; file < Files; file++)
        {
            sources.Add(Caller(file));
        }

        var compilation = GeneratorHarness.Compile(sources.ToArray());
        return compilation.WithOptions(compilation.Options.WithConcurrentBuild(concurrentBuild));
    }

    /// <summary>How often file <paramref name="file"/> repeats its calls: files differ, so the largest-first order differs from file order.</summary>
    private static int Rounds(int file) => (file * 7 % 5) + 1;

    private static string Caller(int file)
    {
        var text = new StringBuilder();
        text.AppendLine("namespace App;");
        text.AppendLine("public static class Use" + file);
        text.AppendLine("{");
        text.AppendLine("    public static int Run(Meter meter, Plain plain)");
        text.AppendLine("    {");
        text.AppendLine("        var total = 0;");
        for (var round = 0; round < Rounds(file); round++)
        {
            text.AppendLine("        total += meter.Read(" + file + ") + meter.Read(\"n" + round + "\") + plain.Read(" + round + ");");
            text.AppendLine("        meter.Reset();");
            text.AppendLine("        total += Meter.Scale(" + round + ");");
        }

        text.AppendLine("        return total;");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    private static int Interceptions(GeneratorRun run) =>
        run.GeneratedSources.Values.Sum(source => CountOf(source, "[__InterceptsLocation("));

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Tests that must not share the machine with other tests (they look at how work spreads over threads).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneOnTheMachine
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Alone on the machine";
}
