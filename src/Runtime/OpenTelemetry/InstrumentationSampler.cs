using global::OpenTelemetry.Trace;
using Instrumentation.Operations;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Parent-based sampling with a trace-id ratio for roots, plus the spans generated code decides to
/// keep itself (a failed or slow operation in an unsampled trace, a root chosen up front when unsampled
/// roots are skipped): those are always recorded.
/// </summary>
public sealed class InstrumentationSampler : Sampler
{
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private readonly Sampler _inner;

    /// <summary>Creates the sampler with the ratio applied to root traces.</summary>
    public InstrumentationSampler(double rootRatio)
    {
        _inner = new ParentBasedSampler(new TraceIdRatioBasedSampler(rootRatio));
        Description = "InstrumentationSampler{ParentBased(TraceIdRatio " + rootRatio.ToString(System.Globalization.CultureInfo.InvariantCulture) + "), errors and slow kept}";
    }

    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        return OperationSampling.IsRecordForced ? Record : _inner.ShouldSample(samplingParameters);
    }
}
