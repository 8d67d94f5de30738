using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.Generators.Common;

/// <summary>
/// Runs independent pieces of a generator step on the machine's cores when the compilation asks for a concurrent
/// build (<c>CompilationOptions.ConcurrentBuild</c>, the compiler's own switch for compiling method bodies in
/// parallel; <c>csc /parallel-</c> turns both off), one after the other otherwise. Used where the work is binding
/// many syntax trees (issue 18 §7): the compiler runs generators on one thread while the other cores wait.
/// <para>
/// Items are taken in the order given (put the largest first), each by exactly one worker; the caller keeps each
/// item's result in its own slot, so what is produced does not depend on the schedule. The calling thread works
/// too, and every worker has finished when this returns, also when one throws. Cancellation propagates as
/// <see cref="OperationCanceledException"/>; any other exception escaping the body is rethrown with
/// its own stack (callers guard each item, so none is expected).
/// </para>
/// </summary>
internal static class ParallelWork
{
    // RS1035 bans Environment so that analyzers do not read settings from environment variables; the core count is
    // the machine's shape, not a setting (the compiler sizes its own parallel compilation the same way).
#pragma warning disable RS1035
    internal static readonly int Cores = Math.Max(1, Environment.ProcessorCount);
#pragma warning restore RS1035

    public static void ForEach(IReadOnlyList<int> items, bool concurrent, Action<int> body, CancellationToken cancellationToken)
    {
        var workers = concurrent ? Math.Min(Cores, items.Count) : 1;
        if (workers <= 1)
        {
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(item);
            }

            return;
        }

        var next = -1;
        var failures = new ExceptionDispatchInfo?[workers];
        void Work(int worker)
        {
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < items.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    body(items[index]);
                }
            }
            catch (Exception exception)
            {
                failures[worker] = ExceptionDispatchInfo.Capture(exception);

                // Stop the others at their next item: the step fails as a whole.
                Interlocked.Exchange(ref next, items.Count);
            }
        }

        var helpers = new Task[workers - 1];
        for (var worker = 1; worker < workers; worker++)
        {
            var id = worker;
            helpers[worker - 1] = Task.Factory.StartNew(() => Work(id), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        }

        Work(0);
        Task.WaitAll(helpers);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var failure in failures)
        {
            failure?.Throw();
        }
    }
}
