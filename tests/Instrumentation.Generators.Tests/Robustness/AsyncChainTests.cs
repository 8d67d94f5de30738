using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A chain of instrumented <c>ValueTask</c> calls that completes later, thousands deep: methods that hand back the
/// <c>ValueTask</c> of an annotated call (Fluid's rendering does, for its synchronous fast paths). Each instrumented call
/// that is still running gets an awaiter from a pool, and a pooled <c>ValueTask</c> runs its awaiter's continuation
/// inline when it completes, with no stack check (a <c>Task</c> checks and moves the continuation to the thread pool):
/// the whole chain completed inside one another's frames, and a failure, rethrown by every level inside the catch of the
/// level below, overflowed the stack (10,000 levels on a 1.5 MB thread-pool thread, 3,000 on the 256 KB thread here) and
/// killed the process, where
/// without the SDK the same code returns the leaf's own <c>ValueTask</c> and the exception reaches its handler.
/// Both awaiters are covered: <c>PlainOperation</c>'s (an operation without arguments) and a generated operation
/// class's (an operation with a span attribute).
/// </summary>
public sealed class AsyncChainTests
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;
        using Instrumentation;
        namespace Chain;
        public sealed class TooDeep : Exception { public TooDeep() : base("too deep") { } }
        public sealed class Renderer
        {
            public int Limit;
            [Operation("renderer.pass")]
            public ValueTask<int> PassAsync(int depth) => depth >= Limit ? LeafAsync() : PassAsync(depth + 1);
            [Operation("renderer.tagged")]
            public ValueTask<int> TaggedAsync([SpanAttribute("renderer.depth")] int depth) => depth >= Limit ? LeafAsync() : TaggedAsync(depth + 1);
            [Operation("renderer.plain")]
            public ValueTask PlainAsync(int depth) => depth >= Limit ? new ValueTask(LeafAsync().AsTask()) : PlainAsync(depth + 1);
            public bool Fail;
            public TaskCompletionSource<int> Gate = new();
            public async ValueTask<int> LeafAsync() { var value = await Gate.Task.ConfigureAwait(false); return Fail ? throw new TooDeep() : value; }
            public ValueTask<int> CallPass() => PassAsync(0);
            public ValueTask<int> CallTagged() => TaggedAsync(0);
            public ValueTask CallPlain() => PlainAsync(0);
        }
        """;

    [Theory]
    [InlineData("CallPass", "renderer.pass")]
    [InlineData("CallTagged", "renderer.tagged")]
    [InlineData("CallPlain", "renderer.plain")]
    public async Task A_failure_completing_thousands_of_pending_instrumented_calls_reaches_its_handler(string call, string span)
    {
        var assemblyName = CrossProjectHarness.UniqueName("AsyncChain");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics);
        var type = run.Load().GetType("Chain.Renderer")!;
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        const int Depth = 3_000;

        // The calls are made on a thread with a large stack (3,001 nested calls, each through its interceptor); the leaf
        // completes when its gate opens on a thread with a small one, and the chain of pending calls completes from there:
        // the SDK's awaiters must move to the thread pool when that stack runs short, as a Task's continuations do.
        var renderer = Activator.CreateInstance(type)!;
        type.GetField("Limit")!.SetValue(renderer, Depth);
        var method = type.GetMethod(call)!;
        Assert.Equal(1, await Awaited(StartAndOpen(renderer, () => method.Invoke(renderer, null)!)));
        Assert.Equal(Depth + 1, recorder.Spans.Count(s => s.OperationName == span && s.Status != ActivityStatusCode.Error));

        type.GetField("Fail")!.SetValue(renderer, true);
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Awaited(StartAndOpen(renderer, () => method.Invoke(renderer, null)!)));
        Assert.Equal("TooDeep", thrown.GetType().Name);
        Assert.Equal(Depth + 1, recorder.Spans.Count(s => s.OperationName == span && s.Status == ActivityStatusCode.Error));
    }

    private static object StartAndOpen(object renderer, Func<object> call)
    {
        var gate = new TaskCompletionSource<int>();
        renderer.GetType().GetField("Gate")!.SetValue(renderer, gate);
        object? task = null;
        var caller = new Thread(() => task = call(), 64 * 1024 * 1024);
        caller.Start();
        caller.Join();
        var opener = new Thread(() => gate.SetResult(1), 256 * 1024);
        opener.Start();
        opener.Join();
        return task!;
    }

    private static async Task<int> Awaited(object task)
    {
        switch (task)
        {
            case ValueTask<int> value:
                return await value;
            case ValueTask plain:
                await plain;
                return 1;
            default:
                throw new InvalidOperationException(task.GetType().Name);
        }
    }
}
