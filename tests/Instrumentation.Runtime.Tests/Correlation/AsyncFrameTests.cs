using System;
using System.Threading.Tasks;
using Instrumentation.Correlation;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Logging;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Correlation;

/// <summary>Operations that complete after they return, with a correlation frame (see <see cref="AsyncFrameTests"/>).</summary>
public static class AsyncFrameOperations
{
    [Operation("async_frame.pending")]
    public static ValueTask<int> PendingAsync([LogField("job_id")] string jobId, ManualValueTaskSource source) => new(source, source.Version);

    [Operation("async_frame.sync")]
    public static int Sync([LogField("job_id")] string jobId) => jobId.Length;

    [Operation("async_frame.plain_pending")]
    public static ValueTask<int> PlainPendingAsync(TenantContext tenant, ManualValueTaskSource source) => new(source, source.Version);

    [Operation("async_frame.plain_sync")]
    public static int PlainSync(TenantContext tenant) => tenant.OrgId.Length;
}

/// <summary>
/// Issue 18 §2: an operation that completes after it returns pays for its correlation frame what a synchronous one pays —
/// the frame, and one AsyncLocal write to push it and one to pop it (in the caller's flow, when the call returns). The
/// continuation that ends it runs in a context of its own that ends with it, so it does not pop again (each AsyncLocal
/// write makes a new ExecutionContext). Both for operations with their own generated class and for plain ones.
/// </summary>
public sealed class AsyncFrameTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-async", "proj-async", "dev-async");

    private readonly CorrelationFrame _outer;

    public AsyncFrameTests()
    {
        CorrelationContext.SetEnabled(true);

        // As in an app, the operations run inside another one: popping back to it is a real AsyncLocal write (popping
        // the last value of a flow returns to the default context, which allocates nothing and would hide the cost).
        _outer = CorrelationContext.Push("org-outer", null, null, [CorrelationField.AsIs("request_id", "r-1")]);
    }

    public void Dispose()
    {
        CorrelationContext.Pop(_outer);
        CorrelationContext.SetEnabled(false);
    }

    [Fact]
    public void A_generated_operation_completing_later_allocates_for_its_frame_what_a_synchronous_one_does() =>
        AssertLaterCostsWhatSynchronousCosts(() => AsyncFrameOperations.Sync("job-1"), source => AsyncFrameOperations.PendingAsync("job-1", source));

    [Fact]
    public void A_plain_operation_completing_later_allocates_for_its_frame_what_a_synchronous_one_does() =>
        AssertLaterCostsWhatSynchronousCosts(() => AsyncFrameOperations.PlainSync(Tenant), source => AsyncFrameOperations.PlainPendingAsync(Tenant, source));

    [Fact]
    public void The_failure_log_of_an_operation_failing_later_still_carries_its_fields_and_the_callers_context_is_its_own()
    {
        var provider = new CapturingLoggerProvider { MinimumLevel = LogLevel.Information };
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(provider));
        InstrumentationLogging.Use(factory);
        try
        {
            var source = new ManualValueTaskSource();
            var call = AsyncFrameOperations.PendingAsync("job-2", source);
            Assert.Same(_outer, CorrelationContext.Current);
            source.SetException(new InvalidOperationException("failed later"));
            Assert.Throws<InvalidOperationException>(() => call.GetAwaiter().GetResult());

            var failure = Assert.Single(provider.Logs, l => l.EventId.Name == "OperationFailed");
            Assert.Equal("job-2", failure.Field("job_id"));
            Assert.Equal("r-1", failure.Field("request_id"));
            Assert.Equal("org-outer", failure.Field("org_id"));
            Assert.Same(_outer, CorrelationContext.Current);
        }
        finally
        {
            InstrumentationLogging.Reset();
            CorrelationContext.SetEnabled(true);
        }
    }

    private void AssertLaterCostsWhatSynchronousCosts(Func<int> synchronous, Func<ManualValueTaskSource, ValueTask<int>> later)
    {
        var source = new ManualValueTaskSource();
        var sync = Allocations.InFewestRound(synchronous);
        var pending = Allocations.InFewestRound(() =>
        {
            source.Reset();
            var call = later(source);
            Assert.False(call.IsCompleted);
            Assert.Same(_outer, CorrelationContext.Current);
            source.SetResult(1);
            return call.GetAwaiter().GetResult();
        });

        Assert.True(sync > 0, "the frame is pushed: " + sync);
        Assert.Equal(sync, pending);
        Assert.Same(_outer, CorrelationContext.Current);
    }
}
