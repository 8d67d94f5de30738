using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Operations;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A call cancelled through its own token is not a failed one (found serving gRPC: every client that cancelled a server
/// stream, and every deadline, counted a failure, wrote an Error log and kept an error trace, where gRPC itself logs
/// nothing). Any other cancellation stays a failure (a review: a timeout of the operation's own is one).
/// </summary>
public sealed class OperationCancellationTests
{
    private readonly CancellationSamples _samples = new();

    [Fact]
    public async Task A_plain_operation_cancelled_through_its_token_counts_no_failure_writes_no_failure_log_and_ends_unset()
    {
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.WaitAsync(() => Task.Delay(Timeout.Infinite, caller.Token), caller.Token));

        var span = capture.Span("job.wait");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(true, span.Tag("operation.cancelled"));
        Assert.False(span.HasTag("exception.type"));
        Assert.Equal(1, capture.Metric("job_wait_calls_total").Measurements.Sum(m => m.Value));
        Assert.Empty(capture.Metric("job_wait_failures_total").Measurements);
        Assert.DoesNotContain(capture.Logs, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_generated_operation_and_a_sync_one_cancelled_through_their_token_count_no_failure()
    {
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.FetchAsync(false, () => Task.FromCanceled<int>(caller.Token), caller.Token));
        Assert.Throws<OperationCanceledException>(() => _samples.Step(caller.Token));

        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.fetch").Status);
        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.step").Status);
        Assert.Empty(capture.Metric("job_fetch_failures_total").Measurements);
        Assert.Empty(capture.Metric("job_step_failures_total").Measurements);
        Assert.DoesNotContain(capture.Logs, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_reset_request_stream_while_the_callers_token_is_cancelled_is_a_cancellation_and_without_it_a_failure()
    {
        // A gRPC team's trial: a client that cancelled a client-streaming call made the server's stream reader throw
        // IOException("The client reset the request stream.") with the call's token cancelled: a failure and an Error line.
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAsync<System.IO.IOException>(() => _samples.WaitAsync(() => throw new System.IO.IOException("The client reset the request stream."), caller.Token));
        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.wait").Status);
        Assert.Empty(capture.Metric("job_wait_failures_total").Measurements);
        Assert.DoesNotContain(capture.Logs, l => l.Level >= LogLevel.Warning);

        // The same error with the token not cancelled is a failure of the operation's own (a broken disk, a dropped
        // connection to a database).
        await Assert.ThrowsAsync<System.IO.IOException>(() => _samples.WaitAsync(() => throw new System.IO.IOException("disk full"), CancellationToken.None));
        Assert.Equal(1, capture.Metric("job_wait_failures_total").Measurements.Sum(m => m.Value));
    }

    [Fact]
    public async Task A_timeout_of_the_operations_own_stays_a_failure()
    {
        // new CancellationTokenSource(TimeSpan) inside the method: the caller's token is not cancelled.
        using var capture = TelemetryCapture.Start();
        using var own = new CancellationTokenSource();
        await own.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.WaitAsync(() => Task.Delay(Timeout.Infinite, own.Token), CancellationToken.None));
        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.TokenlessAsync(() => Task.Delay(Timeout.Infinite, own.Token)));

        Assert.Equal(ActivityStatusCode.Error, capture.Span("job.wait").Status);
        Assert.Equal(ActivityStatusCode.Error, capture.Span("job.tokenless").Status);
        Assert.Equal(1, capture.Metric("job_wait_failures_total").Measurements.Sum(m => m.Value));
        Assert.Equal(1, capture.Metric("job_tokenless_failures_total").Measurements.Sum(m => m.Value));
    }

    [Fact]
    public async Task Calls_cancelled_while_pending_are_cancellations_and_a_linked_per_call_timeout_a_failure()
    {
        // The continuation path (the call returned a pending task; its state was copied into the continuation), and the
        // usual per-call timeout, a linked source with CancelAfter (an HTTP trial: the request failed with 500 while the
        // operation said cancelled).
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();

        var wait = _samples.WaitAsync(() => Task.Delay(Timeout.Infinite, caller.Token), caller.Token);
        var fetch = _samples.FetchAsync(false, async () => { await Task.Delay(Timeout.Infinite, caller.Token).ConfigureAwait(false); return 1; }, caller.Token);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _samples.FetchAsync(false, () => LinkedTimeoutAsync(CancellationToken.None), CancellationToken.None));

        Assert.Equal(true, capture.Span("job.wait").Tag("operation.cancelled"));
        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.wait").Status);
        Assert.Empty(capture.Metric("job_wait_failures_total").Measurements);
        var fetches = capture.SpansNamed("job.fetch");
        Assert.Equal(2, fetches.Count);
        Assert.Single(fetches, f => f.Status == ActivityStatusCode.Unset && Equals(f.Tag("operation.cancelled"), true));
        Assert.Single(fetches, f => f.Status == ActivityStatusCode.Error);
        Assert.Equal(1, capture.Metric("job_fetch_failures_total").Measurements.Sum(m => m.Value));
    }

    /// <summary>A per-call timeout written the usual way: a linked source that cancels after a while.</summary>
    private static async Task<int> LinkedTimeoutAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(1));
        await Task.Delay(Timeout.Infinite, timeout.Token).ConfigureAwait(false);
        return 1;
    }

    [Fact]
    public async Task A_timeout_that_surfaces_as_a_cancellation_stays_a_failure_also_when_the_caller_cancelled()
    {
        // HttpClient.Timeout: a TaskCanceledException caused by a TimeoutException, here wrapped once more.
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.WaitAsync(
            () => throw new TaskCanceledException("timed out", new InvalidOperationException("wrapped", new TimeoutException())), caller.Token));

        Assert.Equal(ActivityStatusCode.Error, capture.Span("job.wait").Status);
        Assert.Equal(1, capture.Metric("job_wait_failures_total").Measurements.Sum(m => m.Value));
        Assert.Contains(capture.Logs, l => l.Level == LogLevel.Error && l.Category == "Instrumentation.Operations");
    }

    [Fact]
    public async Task A_cancelled_call_of_an_operation_that_logs_its_completion_writes_no_completion_line()
    {
        using var capture = TelemetryCapture.Start();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        Assert.Throws<OperationCanceledException>(() => _samples.Logged(caller.Token));
        _samples.Logged(CancellationToken.None);

        Assert.Single(capture.Logs, l => l.Category == "Instrumentation.Operations");
    }

    [Fact]
    public async Task Cancellations_count_as_failures_again_when_the_setting_says_so()
    {
        OperationSettings.CancellationIsFailure = true;
        try
        {
            using var capture = TelemetryCapture.Start();
            using var caller = new CancellationTokenSource();
            await caller.CancelAsync();

            await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.FetchAsync(false, () => Task.FromCanceled<int>(caller.Token), caller.Token));

            Assert.Equal(ActivityStatusCode.Error, capture.Span("job.fetch").Status);
            Assert.Equal(1, capture.Metric("job_fetch_failures_total").Measurements.Sum(m => m.Value));
        }
        finally
        {
            OperationSettings.CancellationIsFailure = false;
        }
    }
}
