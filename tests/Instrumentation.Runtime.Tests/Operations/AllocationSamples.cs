using System;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A reusable value-task source completed by the test itself, on the test's thread: an awaited
/// operation then completes asynchronously without a thread hop and without allocating on its own, so
/// every byte the allocation counter sees is added by the generated code.
/// </summary>
public sealed class ManualValueTaskSource : IValueTaskSource<int>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<int> _core;

    public short Version => _core.Version;

    public void Reset() => _core.Reset();

    public void SetResult(int value) => _core.SetResult(value);

    public void SetException(Exception exception) => _core.SetException(exception);

    public int GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>Async operations whose completion the allocation tests control.</summary>
public sealed class PendingOperations
{
    [Operation("alloc.value_task_of_t")]
    public ValueTask<int> ValueOfTAsync(ManualValueTaskSource source) => new(source, source.Version);

    [Operation("alloc.value_task")]
    public ValueTask ValueAsync(ManualValueTaskSource source) => new(source, source.Version);

    [Operation("alloc.task_of_t")]
    public Task<int> TaskOfTAsync(Task<int> running) => running;

    /// <summary>The same call with no attribute: what the caller pays without instrumentation.</summary>
    public Task<int> TaskOfTBare(Task<int> running) => running;

    [Operation("alloc.completed_task_of_t")]
    public async Task<int> CompletedTaskOfTAsync(int value)
    {
        await Task.CompletedTask;
        return value;
    }

    [Operation("alloc.completed_value_task")]
    public ValueTask<int> CompletedValueTaskAsync(int value) => new(value);
}

/// <summary>An operation with span attributes, for the sampled-span allocation facts.</summary>
public sealed class SampledOperations
{
    [Ingest("alloc.sampled", OrgLabel = MetricTargets.Duration | MetricTargets.Calls, DurationMetric = "alloc_sampled_ms", CallsMetric = "alloc_sampled_total", FailuresMetric = "alloc_sampled_failures_total")]
    public int Process(TenantContext tenant, [SpanAttribute] long attempt, [MetricLabel("sensor", AppliesTo = MetricTargets.Duration)] SensorKind sensor) =>
        (int)attempt + 1;
}

/// <summary>Parameters named like the locals of generated interceptors: the generated code must still compile and forward them.</summary>
public sealed class LocalNameClashes
{
    [Operation("clash.value")]
    public ValueTask<int> ValueAsync([SpanAttribute] int value, int state, int task, int result, int pending, int exception) =>
        new(value + state + task + result + pending + exception);

    [Operation("clash.sync")]
    public int Sync(int __unused, int tenant, int batch, int running, [SpanAttribute] int value) => tenant + batch + running + value;
}
