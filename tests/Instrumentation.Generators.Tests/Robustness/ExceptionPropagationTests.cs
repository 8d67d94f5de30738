using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// An exception leaving an instrumented call is noted by an exception filter and ends the operation in a finally, not in a catch that rethrows.
/// Scriban, annotated wholesale, crashed its test host with a stack overflow: its evaluator recurses through annotated
/// methods, and its recursion-limit test throws 100 script calls deep. Each instrumented frame's
/// <c>catch { End(…); throw; }</c> ran on top of the stack still in place and started a new dispatch there, so the stack
/// grew with every instrumented frame the exception crossed (~200 were enough on a 1.5 MB thread) and every rethrow was a
/// first-chance exception of its own. Now a filter notes the exception (never catching it) and a <c>finally</c> ends the
/// operation: the exception is thrown once, the stack never grows, and the operation still ends while the stack unwinds.
/// </summary>
public sealed class ExceptionPropagationTests
{
    private const string Source = """
        using System;
        using Instrumentation;
        namespace Deep;
        public sealed class LimitExceeded : Exception { public LimitExceeded() : base("too deep") { } }
        public sealed class Evaluator
        {
            public int Limit = 100;
            [Operation("evaluator.evaluate")] public int Evaluate(int depth) => depth >= Limit ? throw new LimitExceeded() : Step(depth) + 1;
            [Operation("evaluator.step")] public int Step(int depth) => Evaluate(depth + 1);
            public static string? SeenInFinally;
            [Operation("evaluator.cleanup")] public void Cleanup() { try { throw new LimitExceeded(); } finally { SeenInFinally = System.Diagnostics.Activity.Current?.OperationName; } }
            public void CallCleanup() => Cleanup();
        }
        """;

    private const string CleanupSource = """
        using System;
        using System.Diagnostics;
        using Instrumentation;
        namespace Cleanup;
        public static class Work
        {
            public static readonly ActivitySource Own = new("Cleanup.Own");
            public static string? CurrentInFinally;

            // A hand-written activity and a finally of the method's own: they run after the throw, before the exception
            // leaves the method, as without the SDK.
            [Operation("work.run")]
            public static void Run()
            {
                using var own = Own.StartActivity("own");
                try
                {
                    throw new InvalidOperationException("first");
                }
                finally
                {
                    CurrentInFinally = Activity.Current?.OperationName;
                }
            }

            // A finally that throws another exception: the call fails once, with the exception that leaves it.
            [Operation("work.replace")]
            public static void Replace()
            {
                try
                {
                    throw new InvalidOperationException("first");
                }
                finally
                {
                    throw new ArgumentException("second");
                }
            }

            public static void CallRun() => Run();
            public static void CallReplace() => Replace();
        }
        """;

    [Fact]
    public void The_operation_ends_after_the_methods_own_cleanup_once_with_the_exception_that_leaves_it()
    {
        var assemblyName = CrossProjectHarness.UniqueName("ExceptionCleanup");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, CleanupSource));
        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics);
        var type = run.Load().GetType("Cleanup.Work")!;
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        using var own = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Cleanup.Own",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(own);
        using var parent = new Activity("test.parent").Start();

        var callRun = type.GetMethod("CallRun")!.CreateDelegate<Action>();
        Assert.Throws<InvalidOperationException>(callRun);

        // The method's finally saw its own activity, and once the exception left the call the caller's activity is
        // current again — not the stopped span, which the disposal of the hand-written activity would make current if
        // the span were stopped before it (an exception filter runs before the method's finally blocks).
        Assert.Equal("own", type.GetField("CurrentInFinally")!.GetValue(null));
        Assert.Same(parent, Activity.Current);
        var span = Assert.Single(recorder.Spans, s => s.OperationName == "work.run");
        Assert.Equal(ActivityStatusCode.Error, span.Status);

        var callReplace = type.GetMethod("CallReplace")!.CreateDelegate<Action>();
        Assert.Throws<ArgumentException>(callReplace);
        Assert.Same(parent, Activity.Current);
        var replaced = Assert.Single(recorder.Spans, s => s.OperationName == "work.replace");
        Assert.Equal("System.ArgumentException", replaced.GetTagItem("exception.type"));
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("work_replace_failures_total"));
    }

    [Fact]
    public void The_failing_methods_own_finally_blocks_still_see_its_span_and_the_span_ends_as_an_error()
    {
        var assemblyName = CrossProjectHarness.UniqueName("ExceptionFinally");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.Problems);

        var type = run.Load().GetType("Deep.Evaluator")!;
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var call = type.GetMethod("CallCleanup")!.CreateDelegate<Action>(Activator.CreateInstance(type)!);
        Assert.Equal("LimitExceeded", Assert.ThrowsAny<Exception>(call).GetType().Name);

        // The operation ends while the stack unwinds through the interceptor, after the method's finally block, as with
        // a catch (ending it in the filter, before any finally runs, gave that block the caller's span).
        Assert.Equal("evaluator.cleanup", type.GetField("SeenInFinally")!.GetValue(null));
        var span = Assert.Single(recorder.Spans, s => s.OperationName == "evaluator.cleanup");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public void An_exception_crossing_instrumented_calls_is_thrown_once_and_a_deep_one_reaches_its_handler()
    {
        var assemblyName = CrossProjectHarness.UniqueName("ExceptionPropagation");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics);

        var type = run.Load().GetType("Deep.Evaluator")!;
        var evaluate = type.GetMethod("Evaluate")!;
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);

        // Limit 3: Step(0), Evaluate(1), Step(1), Evaluate(2), Step(2), Evaluate(3) are intercepted calls (the outermost
        // Evaluate(0) is not: it is called through a delegate), and the exception crosses all six: one throw.
        var shallow = Activator.CreateInstance(type)!;
        type.GetField("Limit")!.SetValue(shallow, 3);
        var firstChance = 0;
        var thread = Environment.CurrentManagedThreadId;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception is { } ex && ex.GetType().Name == "LimitExceeded" && Environment.CurrentManagedThreadId == thread)
            {
                Interlocked.Increment(ref firstChance);
            }
        };
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            // Through a delegate, not MethodInfo.Invoke (whose wrapping adds a first-chance exception of its own).
            var call = evaluate.CreateDelegate<Func<int, int>>(shallow);
            var thrown = Assert.ThrowsAny<Exception>(() => call(0));
            Assert.Equal("LimitExceeded", thrown.GetType().Name);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }

        Assert.Equal(1, firstChance);
        var failed = recorder.Spans.Where(s => s.Status == ActivityStatusCode.Error).Select(s => s.OperationName).ToList();
        Assert.Equal(new[] { "evaluator.evaluate", "evaluator.step", "evaluator.evaluate", "evaluator.step", "evaluator.evaluate", "evaluator.step" }, failed);

        // 600 instrumented calls on a 1.5 MB thread (the Linux default): the exception reaches the handler, every span ends.
        var deep = Activator.CreateInstance(type)!;
        type.GetField("Limit")!.SetValue(deep, 300);
        string? outcome = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    evaluate.Invoke(deep, new object[] { 0 });
                    outcome = "returned";
                }
                catch (TargetInvocationException e)
                {
                    outcome = e.InnerException?.GetType().Name;
                }
            },
            1536 * 1024);
        worker.Start();
        worker.Join();
        Assert.Equal("LimitExceeded", outcome);
        Assert.Equal(6 + 600, recorder.Spans.Count(s => s.Status == ActivityStatusCode.Error));
    }
}
