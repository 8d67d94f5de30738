using System;
using System.Threading.Tasks;
using Instrumentation.Runtime.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// SPEC §2.1/§4 allocation facts of async operations while metrics are listened (so the generated code
/// is live): completed synchronously, 0 B added; a ValueTask completing asynchronously, 0 B added in
/// steady state (the continuation's state machine is pooled); a Task completing asynchronously, one
/// object added (the returned task, which is also the continuation).
/// </summary>
public sealed class AsyncAllocationTests
{
    private const int Calls = 1_000;

    /// <summary>What a Task-shaped continuation may cost: the box of a state machine holding the operation's state.</summary>
    private const long TaskBoxBudget = 200;

    [Fact]
    public void ValueTask_of_T_completing_asynchronously_adds_zero_bytes_in_steady_state()
    {
        using var capture = new TelemetryCapture(spans: false, metrics: true, allocateCaptures: false);
        var operations = new PendingOperations();
        var source = new ManualValueTaskSource();

        int Call(int i)
        {
            source.Reset();
            var pending = operations.ValueOfTAsync(source);
            Assert.False(pending.IsCompleted);
            source.SetResult(i);
            return pending.GetAwaiter().GetResult();
        }

        var allocated = Allocations.InFewestRound(() => Call(1));

        Assert.Equal(0, allocated);
        Assert.True(capture.MeasurementCount >= Calls * 2, "the operation was live: " + capture.MeasurementCount);
    }

    [Fact]
    public void ValueTask_completing_asynchronously_adds_zero_bytes_in_steady_state()
    {
        using var capture = new TelemetryCapture(spans: false, metrics: true, allocateCaptures: false);
        var operations = new PendingOperations();
        var source = new ManualValueTaskSource();

        var allocated = Allocations.InFewestRound(() =>
        {
            source.Reset();
            var pending = operations.ValueAsync(source);
            source.SetResult(0);
            pending.GetAwaiter().GetResult();
            return 0;
        });

        Assert.Equal(0, allocated);
        Assert.True(capture.MeasurementCount >= Calls * 2, "the operation was live: " + capture.MeasurementCount);
    }

    [Fact]
    public async Task ValueTask_completing_asynchronously_still_records_failures_and_rethrows()
    {
        using var capture = new TelemetryCapture(spans: true, metrics: true);
        var source = new ManualValueTaskSource();

        var pending = new PendingOperations().ValueOfTAsync(source);
        source.SetException(new TimeoutException("late"));

        await Assert.ThrowsAsync<TimeoutException>(async () => await pending);
        Assert.Single(capture.Of("alloc_value_task_of_t_failures_total"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, capture.Span("alloc.value_task_of_t").Status);
    }

    [Fact]
    public void Completed_synchronously_adds_zero_bytes()
    {
        using var capture = new TelemetryCapture(spans: false, metrics: true, allocateCaptures: false);
        var operations = new PendingOperations();

        // 1 is inside the runtime's cache of completed Task<int>, so the bare calls allocate nothing either.
        var allocated = Allocations.InFewestRound(() => operations.CompletedTaskOfTAsync(1).Result + operations.CompletedValueTaskAsync(1).Result);

        Assert.Equal(0, allocated);
        Assert.True(capture.MeasurementCount >= Calls * 4, "the operations were live: " + capture.MeasurementCount);
    }

    [Fact]
    public void Task_completing_asynchronously_adds_one_state_machine_box()
    {
        using var capture = new TelemetryCapture(spans: false, metrics: true, allocateCaptures: false);
        var operations = new PendingOperations();

        var bare = Allocations.PerCall(() =>
        {
            var completion = new TaskCompletionSource<int>();
            var pending = operations.TaskOfTBare(completion.Task);
            completion.SetResult(1);
            return pending.GetAwaiter().GetResult();
        });
        var instrumented = Allocations.PerCall(() =>
        {
            var completion = new TaskCompletionSource<int>();
            var pending = operations.TaskOfTAsync(completion.Task);
            Assert.False(pending.IsCompleted);
            completion.SetResult(1);
            return pending.GetAwaiter().GetResult();
        });

        // A Task cannot be pooled: the caller may keep it. The generated continuation is one async state
        // machine box (it is the returned Task as well); its size is the operation's captured state.
        var addedPerCall = instrumented - bare;
        Assert.InRange(addedPerCall, 1, TaskBoxBudget);
    }
}
