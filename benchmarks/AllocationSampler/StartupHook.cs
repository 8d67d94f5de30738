using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

/// <summary>
/// Startup hook (<c>DOTNET_STARTUP_HOOKS=/path/AllocationSampler.dll</c>): listens in process to the runtime's
/// <c>GCAllocationTick</c> events (Microsoft-Windows-DotNETRuntime, GC keyword, verbose), one event per ~100 KB
/// allocated per heap, carrying the type of the object that crossed the threshold. Summed per type, that is a
/// load-independent, byte-weighted sample of what a process allocates.
/// Control by files next to <c>ALLOCATION_SAMPLER_OUT</c>: when <c>OUT.start</c> appears the counts so far become the
/// baseline (and the file is deleted); when <c>OUT.stop</c> appears the counts since the baseline are written to
/// <c>OUT</c> as tab-separated <c>bytes events type</c> lines, largest first (and the file is deleted).
/// </summary>
#pragma warning disable CA1050 // The runtime looks for a type named StartupHook in no namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    private static AllocationTickListener? s_listener;
    private static Timer? s_timer;

    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable("ALLOCATION_SAMPLER_OUT");
        if (string.IsNullOrEmpty(output))
        {
            return;
        }

        s_listener = new AllocationTickListener();
        s_timer = new Timer(_ => Poll(output), null, 500, 500);
    }

    private static void Poll(string output)
    {
        var listener = s_listener!;
        if (File.Exists(output + ".start"))
        {
            listener.MarkBaseline();
            File.Delete(output + ".start");
        }

        if (File.Exists(output + ".stop"))
        {
            var text = new StringBuilder();
            foreach (var (type, bytes, events) in listener.SinceBaseline().OrderByDescending(e => e.Bytes))
            {
                text.Append(bytes.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(events.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(type).Append('\n');
            }

            File.WriteAllText(output, text.ToString());
            File.Delete(output + ".stop");
        }
    }

    private sealed class AllocationTickListener : EventListener
    {
        private readonly ConcurrentDictionary<string, long[]> _totals = new(StringComparer.Ordinal);
        private (string Type, long Bytes, long Events)[] _baseline = [];

        public void MarkBaseline() => _baseline = Snapshot();

        public (string Type, long Bytes, long Events)[] SinceBaseline()
        {
            var before = _baseline.ToDictionary(e => e.Type, StringComparer.Ordinal);
            return Snapshot()
                .Select(e => before.TryGetValue(e.Type, out var b) ? (e.Type, e.Bytes - b.Bytes, e.Events - b.Events) : e)
                .Where(e => e.Item3 > 0)
                .ToArray();
        }

        private (string Type, long Bytes, long Events)[] Snapshot() =>
            _totals.Select(p => (p.Key, Interlocked.Read(ref p.Value[0]), Interlocked.Read(ref p.Value[1]))).ToArray();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at verbose
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
            {
                return;
            }

            var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
            var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
            if (typeIndex < 0 || amountIndex < 0 || eventData.Payload is null)
            {
                return;
            }

            var type = eventData.Payload[typeIndex] as string ?? "?";
            var amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
            var slot = _totals.GetOrAdd(type, _ => new long[2]);
            Interlocked.Add(ref slot[0], amount);
            Interlocked.Increment(ref slot[1]);
        }
    }
}
