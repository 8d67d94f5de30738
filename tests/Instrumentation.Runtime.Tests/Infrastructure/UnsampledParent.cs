using System;
using System.Diagnostics;

namespace Instrumentation.Runtime.Tests.Infrastructure;

/// <summary>
/// A parent span nobody records — a request whose trace was not sampled (propagation only) — started from its own source
/// and current until disposed: the parent of the operations a test runs in an unsampled trace.
/// </summary>
public sealed class UnsampledParent : IDisposable
{
    private readonly ActivitySource _source;
    private readonly ActivityListener _listener;

    public UnsampledParent(string sourceName)
    {
        _source = new ActivitySource(sourceName);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_listener);
        Activity = _source.StartActivity("unsampled") ?? throw new InvalidOperationException("the parent was not started");
    }

    /// <summary>The parent span (not recorded).</summary>
    public Activity Activity { get; }

    public void Dispose()
    {
        Activity.Dispose();
        _listener.Dispose();
        _source.Dispose();
    }
}
