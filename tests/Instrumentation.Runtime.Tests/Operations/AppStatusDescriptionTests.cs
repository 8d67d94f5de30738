using System;
using System.Diagnostics;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A stranger's worker set its own error description on the operation's span and then threw: the SDK's failure handling
/// set the status again without a description, so the app's description was lost (a change of what the app wrote). The
/// SDK now marks the span failed and keeps a description the app gave; a span the app marked Ok or left unset gets
/// Error as before.
/// </summary>
public sealed class AppStatusDescriptionTests
{
    [Fact]
    public void A_failed_operation_keeps_the_error_description_the_app_set_on_its_span()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InvalidOperationException>(() => StatusSamples.FailWithDescription("quota exceeded for project p-7"));

        var span = Assert.Single(capture.SpansNamed("status.described_failure"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("quota exceeded for project p-7", span.Activity.StatusDescription);
    }

    [Fact]
    public void A_failed_operation_the_app_had_marked_ok_is_an_error_without_the_app_description()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InvalidOperationException>(() => StatusSamples.FailAfterOk());

        var span = Assert.Single(capture.SpansNamed("status.ok_then_failure"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.Activity.StatusDescription);
    }
}

internal static class StatusSamples
{
    [Operation("status.described_failure")]
    public static void FailWithDescription(string description)
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Error, description);
        throw new InvalidOperationException("rejected");
    }

    [Operation("status.ok_then_failure")]
    public static void FailAfterOk()
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Ok, "fine so far");
        throw new InvalidOperationException("rejected");
    }
}
