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

public sealed class StackTraceSamples
{
    [Operation("trace.plain")]
    public void Plain(TenantContext tenant) => throw new InvalidOperationException("plain");

    [Operation("trace.captured")]
    public int Captured(TenantContext tenant, [SpanAttribute] string note) => throw new InvalidOperationException(note);

    [Operation("trace.funnel")]
    [FunnelEvent("TraceFunnel", EntityId = "tenant.OrgId")]
    public void WithFunnel(TenantContext tenant) => throw new InvalidOperationException("funnel");
}

/// <summary>
/// The stack trace a caller sees is the one it saw without the SDK: error trackers group errors by their frames, and the
/// interceptor frames the SDK put between the caller and the method (<c>Intercept2_Live</c>) gave every error of an
/// annotated method a new fingerprint once the SDK was added (found comparing a real app built with and without
/// <c>-p:InstrumentationEnabled=false</c>). An async call still shows the awaiter's frame after the method's own
/// (an attribute cannot hide a compiler-generated state machine): see README.
/// </summary>
public sealed class OperationStackTraceTests
{
    private static readonly TenantContext Tenant = new("org-t", "proj-t");
    private readonly StackTraceSamples _samples = new();

    public static TheoryData<string> Calls => new() { "plain", "captured", "funnel" };

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_failed_sync_call_has_no_sdk_frame_in_its_stack_trace(string call)
    {
        using var capture = TelemetryCapture.Start();
        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            switch (call)
            {
                case "plain":
                    _samples.Plain(Tenant);
                    break;
                case "captured":
                    _samples.Captured(Tenant, "n");
                    break;
                default:
                    _samples.WithFunnel(Tenant);
                    break;
            }
        });

        Assert.Single(capture.Spans); // the call was instrumented
        var trace = thrown.StackTrace!;
        Assert.Contains(nameof(StackTraceSamples), trace, StringComparison.Ordinal);
        Assert.DoesNotContain("Instrumentation.Generated", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("Intercept", trace, StringComparison.Ordinal);
    }
}
