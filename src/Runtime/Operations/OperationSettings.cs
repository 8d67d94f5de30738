using System;
using System.Diagnostics;
using System.Threading;

namespace Instrumentation.Operations;

/// <summary>
/// Process-wide settings read by generated operation code. The OpenTelemetry registration
/// (<c>AddGeneratedInstrumentation</c>) sets them from its options; tests and hosts may set them directly.
/// </summary>
public static class OperationSettings
{
    private static long s_slowThresholdTicks = TimeSpan.FromSeconds(2).Ticks;
    private static double s_slowThresholdMs = 2000;
    private static int s_skipUnsampledRoots;
    private static int s_cancellationIsFailure;
    private static double s_rootSamplingRatio = 1.0;
    private static readonly object ParentBasedGate = new();
    private static int s_parentBasedSampling;
    private static bool s_parentBasedConfigured;
    private static int s_parentBasedSuspensions;

    /// <summary>
    /// Operations slower than this are always recorded as spans, even in unsampled traces. Default 2 s.
    /// </summary>
    public static TimeSpan SlowThreshold
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref s_slowThresholdTicks));
        set
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The slow-operation threshold must be positive.");
            }

            Interlocked.Exchange(ref s_slowThresholdTicks, value.Ticks);
            Volatile.Write(ref s_slowThresholdMs, value.TotalMilliseconds);
        }
    }

    /// <summary>
    /// When true, an operation cancelled by an <see cref="OperationCanceledException"/> counts as failed (failure counter,
    /// failure log, error span) like any other exception. Default false: a cancellation is not a failure
    /// (<see cref="OperationFailure"/>).
    /// </summary>
    public static bool CancellationIsFailure
    {
        get => Volatile.Read(ref s_cancellationIsFailure) != 0;
        set => Volatile.Write(ref s_cancellationIsFailure, value ? 1 : 0);
    }

    /// <summary>The slow threshold in milliseconds (what generated code compares durations with).</summary>
    public static double SlowThresholdMilliseconds => Volatile.Read(ref s_slowThresholdMs);

    /// <summary>
    /// When true, every root operation of an unsampled trace creates no propagation-only
    /// <see cref="Activity"/> (0 B per call). Nested and downstream spans then take their own sampling
    /// decision. Per operation: <c>SkipUnsampledRoot = true</c> on the attribute.
    /// </summary>
    public static bool SkipUnsampledRoots
    {
        get => Volatile.Read(ref s_skipUnsampledRoots) != 0;
        set => Volatile.Write(ref s_skipUnsampledRoots, value ? 1 : 0);
    }

    /// <summary>
    /// The ratio of root traces that are sampled, used to decide up front whether a skippable root is
    /// started at all. Set by the registration together with its sampler; default 1 (all).
    /// </summary>
    public static double RootSamplingRatio
    {
        get => Volatile.Read(ref s_rootSamplingRatio);
        set
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The sampling ratio must be between 0 and 1.");
            }

            Volatile.Write(ref s_rootSamplingRatio, value);
        }
    }

    /// <summary>
    /// Default false here; the registrations (<c>AddGeneratedInstrumentation</c>, <c>WithGeneratedInstrumentation</c>)
    /// set it from <c>InstrumentationOptions.ParentBasedSampling</c>, default true, for as long as the provider built from
    /// them lives (disposing it gives back the value before). Declares that every tracer listening to the generated sources samples
    /// parent-based, as the OpenTelemetry SDK registered with <c>AddGeneratedInstrumentation</c> does.
    /// A child of a span that is not recorded is then never sampled, so generated code does not start
    /// it at all: no sampling pass (about 55 ns on a 2-core VM), 0 B, and trace context still flows from
    /// the parent. Leave it off when another listener (a raw <see cref="ActivityListener"/>, a
    /// diagnostics tool) may record children of unrecorded spans — for example the request activity
    /// ASP.NET Core creates for log correlation, which nobody records — because those children would
    /// no longer be offered to it.
    /// </summary>
    public static bool ParentBasedSampling
    {
        get
        {
            lock (ParentBasedGate)
            {
                return s_parentBasedConfigured;
            }
        }

        set
        {
            lock (ParentBasedGate)
            {
                s_parentBasedConfigured = value;
                ApplyParentBasedSampling();
            }
        }
    }

    /// <summary>
    /// Turns <see cref="ParentBasedSampling"/> off until <see cref="ResumeParentBasedSampling"/>, whatever a registration
    /// sets meanwhile: the test kit's capture records every span in its scope, also children of spans the app's
    /// sampler dropped (a web app under test, whose request spans the app samples at its own ratio).
    /// </summary>
    internal static void SuspendParentBasedSampling()
    {
        lock (ParentBasedGate)
        {
            s_parentBasedSuspensions++;
            ApplyParentBasedSampling();
        }
    }

    /// <summary>Ends one <see cref="SuspendParentBasedSampling"/>.</summary>
    internal static void ResumeParentBasedSampling()
    {
        lock (ParentBasedGate)
        {
            s_parentBasedSuspensions--;
            ApplyParentBasedSampling();
        }
    }

    /// <summary>
    /// What generated code follows: <see cref="ParentBasedSampling"/> as configured, off while the test kit has it
    /// suspended. The property itself keeps reading the configured value, so code that saves and restores it inside a
    /// capture does not turn it off for good.
    /// </summary>
    internal static bool ParentBasedSamplingInEffect => Volatile.Read(ref s_parentBasedSampling) != 0;

    private static void ApplyParentBasedSampling() =>
        Volatile.Write(ref s_parentBasedSampling, s_parentBasedConfigured && s_parentBasedSuspensions == 0 ? 1 : 0);
}
