using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A stranger's tests: a Task-returning operation whose task had already faulted when it came back went through the
/// awaiting path, so the caller got another task — with one exception of <c>Task.WhenAll</c>'s two, where the same call
/// without the SDK keeps both. A completed task now comes back as it is, whatever its outcome, and the span still
/// records the failure (or the caller's cancellation).
/// </summary>
public sealed class CompletedFaultedTaskTests
{
    [Fact]
    public async Task A_task_that_already_faulted_comes_back_as_it_is_with_every_exception()
    {
        using var capture = TelemetryCapture.Start();
        var first = new InvalidOperationException("first");
        var second = new FormatException("second");

        var task = CompletedTaskSamples.BothFail(first, second);

        Assert.Equal(2, task.Exception!.InnerExceptions.Count);
        Assert.Same(first, await Assert.ThrowsAsync<InvalidOperationException>(() => task));
        var span = Assert.Single(capture.SpansNamed("completed.both_fail"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.Tags["exception.type"]);
    }

    [Fact]
    public void A_task_cancelled_by_the_caller_comes_back_as_it_is_and_is_no_failure()
    {
        using var capture = TelemetryCapture.Start();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var task = CompletedTaskSamples.Cancelled(cancelled.Token);

        Assert.True(task.IsCanceled);
        Assert.Equal(cancelled.Token, Assert.ThrowsAsync<TaskCanceledException>(() => task).GetAwaiter().GetResult().CancellationToken);
        Assert.NotEqual(ActivityStatusCode.Error, Assert.Single(capture.SpansNamed("completed.cancelled")).Status);
    }

    [Fact]
    public void A_completed_task_of_a_result_returned_as_task_keeps_its_type()
    {
        using var capture = TelemetryCapture.Start();

        var task = CompletedTaskSamples.Typed();

        Assert.Equal(42, ((Task<int>)task).Result);
        Assert.Single(capture.SpansNamed("completed.typed"));
    }
}

internal static class CompletedTaskSamples
{
    [Operation("completed.both_fail")]
    public static Task BothFail(Exception first, Exception second) => Task.WhenAll(Task.FromException(first), Task.FromException(second));

    [Operation("completed.cancelled")]
    public static Task Cancelled(CancellationToken cancellationToken) => Task.FromCanceled(cancellationToken);

    [Operation("completed.typed")]
    public static Task Typed() => Task.FromResult(42);
}
