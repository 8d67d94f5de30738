using System;
using System.Collections.Generic;
using Instrumentation.Operations;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// The process-wide operation settings a tracer registration sets (<see cref="OperationSettings.SlowThreshold"/>,
/// <see cref="OperationSettings.SkipUnsampledRoots"/>, <see cref="OperationSettings.ParentBasedSampling"/>,
/// <see cref="OperationSettings.RootSamplingRatio"/>), held for as long as the provider built from it lives: the
/// provider disposes this object with its instrumentations, and the settings then go back to what they were before
/// the registration — or, while other registered providers still live, to the newest one's. Before, they stayed as the
/// last registration left them after every provider was gone, so a raw <see cref="System.Diagnostics.ActivityListener"/>
/// started later (a test suite after a web-app test, a worker that rebuilt its host without tracing) was not offered
/// children of spans it had not recorded. Settings the app changed itself since are left alone.
/// </summary>
internal sealed class RegisteredSamplingSettings : IDisposable
{
    private static readonly object Gate = new();
    private static readonly List<RegisteredSamplingSettings> Live = new();
    private static Values s_beforeFirst;

    private readonly Values _before;
    private readonly Values _applied;
    private bool _disposed;

    private RegisteredSamplingSettings(Values before, Values applied)
    {
        _before = before;
        _applied = applied;
    }

    /// <summary>Sets <paramref name="options"/>' values and returns what to hand the provider (built later).</summary>
    /// <param name="options">The registration's validated options.</param>
    /// <param name="parentBasedSampling">The parent-based flag to set (off under complete error traces).</param>
    /// <returns>A factory the provider calls once when it is built.</returns>
    public static Func<RegisteredSamplingSettings> Apply(InstrumentationOptions options, bool parentBasedSampling)
    {
        var before = Values.Current();
        var applied = new Values(options.SlowThreshold, options.SkipUnsampledRoots, parentBasedSampling, options.SamplingRatio);
        applied.Set();
        return () => Hold(before, applied);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Live.Remove(this);
            if (Values.Current() != _applied)
            {
                // Another registration or the app set them since: theirs stand.
                return;
            }

            (Live.Count > 0 ? Live[Live.Count - 1]._applied : s_beforeFirst).Set();
        }
    }

    private static RegisteredSamplingSettings Hold(Values before, Values applied)
    {
        var held = new RegisteredSamplingSettings(before, applied);
        lock (Gate)
        {
            if (Live.Count == 0)
            {
                s_beforeFirst = held._before;
            }

            Live.Add(held);
        }

        return held;
    }

    private readonly record struct Values(TimeSpan SlowThreshold, bool SkipUnsampledRoots, bool ParentBasedSampling, double RootSamplingRatio)
    {
        public static Values Current() => new(
            OperationSettings.SlowThreshold,
            OperationSettings.SkipUnsampledRoots,
            OperationSettings.ParentBasedSampling,
            OperationSettings.RootSamplingRatio);

        public void Set()
        {
            OperationSettings.SlowThreshold = SlowThreshold;
            OperationSettings.SkipUnsampledRoots = SkipUnsampledRoots;
            OperationSettings.ParentBasedSampling = ParentBasedSampling;
            OperationSettings.RootSamplingRatio = RootSamplingRatio;
        }
    }
}
