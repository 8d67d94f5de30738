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
/// A cancelled operation is not a failed one (found serving gRPC: every client that cancelled a server stream, and every
/// deadline, counted a failure, wrote an Error log and kept an error trace, where gRPC itself logs nothing).
/// </summary>
public sealed class OperationCancellationTests
{
    private readonly CancellationSamples _samples = new();

    [Fact]
    public async Task A_cancelled_plain_operation_counts_no_failure_writes_no_failure_log_and_ends_its_span_unset()
    {
        using var capture = TelemetryCapture.Start();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.WaitAsync(() => Task.Delay(Timeout.Infinite, cancelled.Token)));

        var span = capture.Span("job.wait");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(true, span.Tag("operation.cancelled"));
        Assert.False(span.HasTag("exception.type"));
        Assert.Equal(1, capture.Metric("job_wait_calls_total").Measurements.Sum(m => m.Value));
        Assert.Empty(capture.Metric("job_wait_failures_total").Measurements);
        Assert.DoesNotContain(capture.Logs, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_cancelled_generated_operation_counts_no_failure_and_a_sync_one_neither()
    {
        using var capture = TelemetryCapture.Start();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.FetchAsync(false, () => Task.FromCanceled<int>(cancelled.Token)));
        Assert.Throws<OperationCanceledException>(() => _samples.Step(cancelled.Token));

        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.fetch").Status);
        Assert.Equal(ActivityStatusCode.Unset, capture.Span("job.step").Status);
        Assert.Empty(capture.Metric("job_fetch_failures_total").Measurements);
        Assert.Empty(capture.Metric("job_step_failures_total").Measurements);
        Assert.DoesNotContain(capture.Logs, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_timeout_that_surfaces_as_a_cancellation_stays_a_failure()
    {
        // HttpClient.Timeout: a TaskCanceledException caused by a TimeoutException.
        using var capture = TelemetryCapture.Start();

        await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.WaitAsync(() => throw new TaskCanceledException("timed out", new TimeoutException())));

        Assert.Equal(ActivityStatusCode.Error, capture.Span("job.wait").Status);
        Assert.Equal(1, capture.Metric("job_wait_failures_total").Measurements.Sum(m => m.Value));
        Assert.Contains(capture.Logs, l => l.Level == LogLevel.Error && l.Category == "Instrumentation.Operations");
    }

    [Fact]
    public async Task Cancellations_count_as_failures_again_when_the_setting_says_so()
    {
        OperationSettings.CancellationIsFailure = true;
        try
        {
            using var capture = TelemetryCapture.Start();
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();

            await Assert.ThrowsAsync<TaskCanceledException>(() => _samples.FetchAsync(false, () => Task.FromCanceled<int>(cancelled.Token)));

            Assert.Equal(ActivityStatusCode.Error, capture.Span("job.fetch").Status);
            Assert.Equal(1, capture.Metric("job_fetch_failures_total").Measurements.Sum(m => m.Value));
        }
        finally
        {
            OperationSettings.CancellationIsFailure = false;
        }
    }
}
