using System.Diagnostics;
using OpenTelemetry;

namespace Instrumentation.Testing.Spans;

/// <summary>
/// Passes to the exporter only the spans started in its capture's scope. Every capture's provider sees every
/// recorded span of the sources it listens to (when tests run in parallel, also other tests' spans): the owner is
/// stamped on the span when it starts, in the async context that started it, and checked when it ends.
/// </summary>
internal sealed class OwnedSpanProcessor : BaseProcessor<Activity>
{
    private const string OwnerProperty = "Instrumentation.Testing.Owner";

    private readonly TelemetryCapture _capture;
    private readonly BaseProcessor<Activity> _inner;

    public OwnedSpanProcessor(TelemetryCapture capture, BaseProcessor<Activity> inner)
    {
        _capture = capture;
        _inner = inner;
    }

    public override void OnStart(Activity data)
    {
        if (_capture.IsInScope)
        {
            data.SetCustomProperty(OwnerProperty, _capture);
            _inner.OnStart(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        if (ReferenceEquals(data.GetCustomProperty(OwnerProperty), _capture))
        {
            _inner.OnEnd(data);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _inner.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => _inner.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
