using System.Diagnostics;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>Annotated methods that leave another span current for their caller, as helpers and consumers do.</summary>
public static class AmbientSpanSamples
{
    public static readonly ActivitySource Own = new("Tests.AmbientSpans");

    [Operation("ambient.begin_scope")]
    public static Activity? BeginScope(string name) => Own.StartActivity(name);

    [Operation("ambient.detach")]
    public static void Detach() => Activity.Current = null;

    [Operation("ambient.plain")]
    public static int Plain(int value) => value + 1;
}

/// <summary>
/// A stranger's trial: a method that returns a span it started (<c>return source.StartActivity(name)</c>) or clears the
/// current span left <c>Activity.Current</c> changed for its caller without the SDK; while someone listened, the
/// operation's end made the caller's own span current again (<c>Activity.Stop</c> restores what was current when the
/// operation's span started). The callee's change now stands.
/// </summary>
public sealed class CalleeCurrentActivityTests
{
    [Fact]
    public void A_span_the_callee_leaves_current_and_a_cleared_current_reach_the_caller()
    {
        using var capture = TelemetryCapture.Start(o => o.ActivitySources.Add("Tests.AmbientSpans"));
        using var root = AmbientSpanSamples.Own.StartActivity("root");
        Assert.NotNull(root);

        var scope = AmbientSpanSamples.BeginScope("scope");
        Assert.NotNull(scope);
        Assert.Same(scope, Activity.Current);
        Assert.True(capture.Span("ambient.begin_scope").Activity.IsStopped);

        scope!.Dispose();
        AmbientSpanSamples.Detach();
        Assert.Null(Activity.Current);
        Activity.Current = root;

        // An operation that changes nothing leaves the caller's span current, as before.
        Assert.Equal(2, AmbientSpanSamples.Plain(1));
        Assert.Same(root, Activity.Current);
    }
}
