using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Instrumentation.Operations;
using Instrumentation.OpenTelemetry;

namespace Instrumentation.Runtime.Tests.Infrastructure;

/// <summary>
/// The process-wide state the generated code reads, checked after every test method of this assembly (its class
/// disposed, see <see cref="StateCheckingTestFramework"/>): no operation logger or correlation frames, the default
/// operation settings, nobody listening to this assembly's generated source or meter — what a process starts with.
/// A test method that leaves something on fails, naming what it left, and the state is restored; otherwise a later
/// test, in xUnit's random order, fails on an allocation it does not make (a full CI run once saw 144 B per call in
/// an allocation test because an earlier web host had left its logger factory connected).
/// </summary>
public static class ProcessWideState
{
    private const string GeneratedName = InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "Instrumentation.Runtime.Tests";

    /// <summary>What differs from a fresh process, in words; empty when nothing does.</summary>
    public static List<string> Leftovers()
    {
        var left = new List<string>();
        if (OperationLog.IsConfigured)
        {
            left.Add("operation logging is connected (InstrumentationLogging.Use without Reset, or a host started and not disposed)");
        }

        if (CorrelationContext.IsEnabled)
        {
            left.Add("correlation frames are on (CorrelationContext.SetEnabled(true))");
        }

        if (OperationSettings.RootSamplingRatio != 1)
        {
            left.Add("OperationSettings.RootSamplingRatio is " + OperationSettings.RootSamplingRatio);
        }

        if (OperationSettings.SkipUnsampledRoots)
        {
            left.Add("OperationSettings.SkipUnsampledRoots is on");
        }

        if (OperationSettings.ParentBasedSampling)
        {
            left.Add("OperationSettings.ParentBasedSampling is on");
        }

        if (OperationSettings.SlowThreshold != TimeSpan.FromSeconds(2))
        {
            left.Add("OperationSettings.SlowThreshold is " + OperationSettings.SlowThreshold);
        }

        if (OperationSettings.CancellationIsFailure)
        {
            left.Add("OperationSettings.CancellationIsFailure is on");
        }

        using (var source = new ActivitySource(GeneratedName))
        {
            if (source.HasListeners())
            {
                left.Add("an ActivityListener still listens to " + GeneratedName + " (not disposed)");
            }
        }

        using (var meter = new Meter(GeneratedName))
        {
            if (meter.CreateCounter<long>("process_wide_state_check").Enabled)
            {
                left.Add("a MeterListener or MeterProvider still listens to " + GeneratedName + " (not disposed)");
            }
        }

        return left;
    }

    /// <summary>Puts everything <see cref="Leftovers"/> checks back to a fresh process's values.</summary>
    public static void RestoreDefaults()
    {
        InstrumentationLogging.Reset();
        CorrelationContext.SetEnabled(false);
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.ParentBasedSampling = false;
        OperationSettings.SlowThreshold = TimeSpan.FromSeconds(2);
        OperationSettings.CancellationIsFailure = false;
    }
}
