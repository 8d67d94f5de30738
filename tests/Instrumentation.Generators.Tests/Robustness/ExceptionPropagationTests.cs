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
/// An exception leaving an instrumented call ends the operation in an exception filter, not in a catch that rethrows.
/// Scriban, annotated wholesale, crashed its test host with a stack overflow: its evaluator recurses through annotated
/// methods, and its recursion-limit test throws 100 script calls deep. Each instrumented frame's
/// <c>catch { End(…); throw; }</c> ran on top of the stack still in place and started a new dispatch there, so the stack
/// grew with every instrumented frame the exception crossed (~200 were enough on a 1.5 MB thread) and every rethrow was a
/// first-chance exception of its own. With the filter the exception is thrown once and the stack never grows.
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
        }
        """;

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
