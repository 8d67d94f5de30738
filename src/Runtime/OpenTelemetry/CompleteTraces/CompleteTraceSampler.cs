using global::OpenTelemetry.Trace;

namespace Instrumentation.OpenTelemetry.CompleteTraces;

/// <summary>
/// The sampler when <see cref="InstrumentationOptions.CompleteErrorTraces"/> is on: the same decisions as
/// <see cref="InstrumentationSampler"/>, except that a span it would drop is recorded but not sampled
/// (<see cref="SamplingDecision.RecordOnly"/>), so that <see cref="CompleteTraceProcessor"/> sees it and can
/// still export its trace if an operation of it fails or is slow.
/// </summary>
internal sealed class CompleteTraceSampler : Sampler
{
    private static readonly SamplingResult RecordOnly = new(SamplingDecision.RecordOnly);
    private readonly Sampler _inner;

    public CompleteTraceSampler(Sampler inner)
    {
        _inner = inner;
        Description = inner.Description + "+CompleteErrorTraces";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var result = _inner.ShouldSample(samplingParameters);
        return result.Decision == SamplingDecision.Drop ? RecordOnly : result;
    }
}
