using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>An exception whose every getter the SDK reads throws (a hostile stranger's trial with a real app).</summary>
public sealed class HostileGetterException : Exception, IHasErrorCode
{
    public override string Message => throw new InvalidOperationException("Message getter");

    public override string? StackTrace => throw new InvalidOperationException("StackTrace getter");

    public string ErrorCode => throw new InvalidOperationException("ErrorCode getter");

    public LogLevel FailureLogLevel => throw new InvalidOperationException("FailureLogLevel getter");
}

public sealed class HostileExceptionSamples
{
    [Operation("hostile.fail", FailureReasonLabel = "reason")]
    public void Fail(TenantContext tenant, Exception exception) => throw exception;

    [Operation("hostile.fail.async")]
    public async Task FailAsync(TenantContext tenant, Exception exception)
    {
        await Task.Yield();
        throw exception;
    }
}

/// <summary>
/// A failed call must reach its caller with its own exception object, whatever that exception's getters do: found with
/// a real app, where an exception whose <c>Message</c> override threw reached the caller as the getter's
/// <c>InvalidOperationException</c> thrown from the span's end (the app's own exception was lost).
/// </summary>
public sealed class HostileExceptionTests
{
    private static readonly TenantContext Tenant = new("org-h", "proj-h");
    private readonly HostileExceptionSamples _samples = new();

    [Fact]
    public void A_sync_call_rethrows_the_same_exception_when_its_getters_throw_and_still_records_the_failure()
    {
        using var capture = TelemetryCapture.Start();
        var original = new HostileGetterException();

        var thrown = Assert.Throws<HostileGetterException>(() => _samples.Fail(Tenant, original));

        Assert.Same(original, thrown);
        var span = capture.Span("hostile.fail");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(HostileGetterException).FullName, span.Tag("exception.type"));
        Assert.False(span.HasTag("exception.message"));
        var failure = Assert.Single(capture.Metric("hostile_fail_failures_total").Measurements);
        Assert.Equal(nameof(HostileGetterException), failure.Tags["reason"]);
        var log = Assert.Single(capture.Logs, l => l.Category == "Instrumentation.Operations");
        Assert.Equal(LogLevel.Error, log.Level);
    }

    [Fact]
    public async Task An_async_call_rethrows_the_same_exception_when_its_getters_throw()
    {
        using var capture = TelemetryCapture.Start();
        var original = new HostileGetterException();

        var thrown = await Assert.ThrowsAsync<HostileGetterException>(() => _samples.FailAsync(Tenant, original));

        Assert.Same(original, thrown);
        Assert.Equal(ActivityStatusCode.Error, capture.Span("hostile.fail.async").Status);
        Assert.Equal(1, capture.Metric("hostile_fail_async_failures_total").Measurements.Sum(m => m.Value));
    }
}
