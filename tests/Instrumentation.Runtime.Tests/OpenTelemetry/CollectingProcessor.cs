using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>A span processor that keeps what the SDK would export (recorded spans only).</summary>
public sealed class CollectingProcessor : BaseProcessor<Activity>
{
    public ConcurrentQueue<Activity> Exported { get; } = new();

    public override void OnEnd(Activity data)
    {
        if (data.Recorded)
        {
            Exported.Enqueue(data);
        }
    }
}
