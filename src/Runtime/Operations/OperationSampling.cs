using System;

namespace Instrumentation.Operations;

/// <summary>
/// The hand-off between generated code and the SDK's sampler: generated code decides a few spans
/// itself (a skippable root chosen by ratio, a failed or slow operation kept after the fact) and
/// flags the thread while it starts them, so <c>InstrumentationSampler</c> records them.
/// </summary>
public static class OperationSampling
{
    [ThreadStatic]
    private static bool t_forceRecord;

    /// <summary>True while generated code starts a span that must be recorded.</summary>
    public static bool IsRecordForced => t_forceRecord;

    /// <summary>Decides whether a root operation whose unsampled root may be skipped is sampled.</summary>
    public static bool ShouldSampleRoot()
    {
        var ratio = OperationSettings.RootSamplingRatio;
        return ratio >= 1.0 || (ratio > 0 && Random.Shared.NextDouble() < ratio);
    }

    internal static void SetRecordForced(bool value) => t_forceRecord = value;
}
