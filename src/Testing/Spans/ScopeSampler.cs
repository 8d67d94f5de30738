using OpenTelemetry.Trace;

namespace Instrumentation.Testing.Spans;

/// <summary>Records every span started in the capture's async scope and nothing else.</summary>
internal sealed class ScopeSampler : Sampler
{
    private readonly TelemetryCapture _capture;

    public ScopeSampler(TelemetryCapture capture)
    {
        _capture = capture;
        Description = "TelemetryCaptureScope";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(_capture.IsInScope ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
}
