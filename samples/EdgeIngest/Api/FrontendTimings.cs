using System.Diagnostics;
using Instrumentation;

namespace EdgeIngest.Api;

/// <summary>
/// Records the timings the browser pages measure (SPEC §3.8): WebSocket connect latency, time to first widget
/// render, and the sign-up → first data in a widget flow. Each is a histogram in milliseconds with a closed label
/// set, declared by the attributes like every other EdgeIngest metric, so it is in the metric catalog and at
/// <c>/metrics</c>.
/// </summary>
/// <remarks>
/// The bodies are empty on purpose (the pattern of <see cref="Hosting.RequestCorrelation.RecordResponse"/>): the page
/// measured the duration, the server turns it into the moment the measurement started (<c>[LatencyStart]</c>, a
/// <see cref="Stopwatch"/> timestamp that far in the past) and the generated code records the histogram.
/// </remarks>
public sealed class FrontendTimings
{
    /// <summary>The pages that report timings (the <c>page</c> label).</summary>
    public static readonly string[] Pages = { "dashboard", "onboarding" };

    /// <summary>From <c>new WebSocket()</c> to its <c>open</c> event.</summary>
    [Operation("frontend.ws_connect", DurationMetric = "frontend_ws_connect_latency_ms", CallsMetric = "", FailuresMetric = "", SkipUnsampledRoot = true)]
    public void WsConnect([LatencyStart] long startedAt, [MetricLabel("page"), BoundedValues("dashboard", "onboarding")] string page)
    {
    }

    /// <summary>From the socket's <c>open</c> event to the first data point painted in a widget.</summary>
    [Operation("frontend.first_widget_render", DurationMetric = "frontend_first_widget_render_ms", CallsMetric = "", FailuresMetric = "", SkipUnsampledRoot = true)]
    public void FirstWidgetRender([LatencyStart] long startedAt, [MetricLabel("page"), BoundedValues("dashboard", "onboarding")] string page)
    {
    }

    /// <summary>From the sign-up form's submit (org created next) to the first data point of the new device painted in its widget.</summary>
    [Operation("frontend.signup_to_first_data", DurationMetric = "frontend_signup_to_first_data_ms", CallsMetric = "", FailuresMetric = "", SkipUnsampledRoot = true)]
    public void SignupToFirstData([LatencyStart] long startedAt)
    {
    }

    /// <summary>Records one validated timing.</summary>
    public void Record(FrontendTiming timing)
    {
        var startedAt = Stopwatch.GetTimestamp() - (long)(timing.Milliseconds * Stopwatch.Frequency / 1000.0);
        switch (timing.Name)
        {
            case FrontendTimingNames.WsConnect:
                WsConnect(startedAt, timing.Page);
                break;
            case FrontendTimingNames.FirstWidgetRender:
                FirstWidgetRender(startedAt, timing.Page);
                break;
            case FrontendTimingNames.SignupToFirstData:
                SignupToFirstData(startedAt);
                break;
        }
    }
}
