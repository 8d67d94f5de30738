// Samples a running .NET process's allocations with their call stacks for a number of seconds and writes them by
// stack: attach with EventPipe (the runtime's GC AllocationTick events, one per ~100 KB allocated, each with the
// allocating type and the managed stack), resolve method names from the session's rundown, then sum the sampled
// bytes per (type, stack). Used by benchmarks/e2e-alloc.sh (E2E_ALLOC_STACKS=1) to say which code allocates what the
// instrumented build allocates more; the type-only sampler (AllocationSampler) cannot say where.
//
//   AllocationStacks <pid> <seconds> <out.tsv> [frames=14]
//
// out.tsv: one line per (type, stack): sampled bytes, samples, type, frames leaf first joined by " < ".
// A short summary (the top stacks) goes to standard output.
using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: AllocationStacks <pid> <seconds> <out.tsv> [frames=14]");
    return 2;
}

var pid = int.Parse(args[0], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
var output = args[2];
var depth = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 14;
var trace = Path.ChangeExtension(output, ".nettrace");

var providers = new[]
{
    new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC),
};
var client = new DiagnosticsClient(pid);
using (var session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 512))
using (var file = File.Create(trace))
{
    var copy = session.EventStream.CopyToAsync(file);
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    await session.StopAsync(CancellationToken.None);
    await copy;
}

var etlx = TraceLog.CreateFromEventPipeDataFile(trace);
var totals = new Dictionary<(string Type, string Stack), (long Bytes, int Samples)>();
long allBytes = 0;
using (var log = new TraceLog(etlx))
{
    foreach (var data in log.Events)
    {
        if (data is not GCAllocationTickTraceData tick)
        {
            continue;
        }

        var frames = new List<string>(depth);
        for (var frame = data.CallStack(); frame is not null && frames.Count < depth; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            frames.Add(string.IsNullOrEmpty(method) ? frame.CodeAddress.ModuleName + "!?" : method);
        }

        var key = (tick.TypeName ?? "?", string.Join(" < ", frames));
        totals.TryGetValue(key, out var sum);
        totals[key] = (sum.Bytes + tick.AllocationAmount64, sum.Samples + 1);
        allBytes += tick.AllocationAmount64;
    }
}

File.Delete(trace);
File.Delete(etlx);
using (var writer = new StreamWriter(output))
{
    foreach (var ((type, stack), (bytes, samples)) in totals.OrderByDescending(t => t.Value.Bytes))
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes}\t{samples}\t{type}\t{stack}"));
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{allBytes / 1e6:F1} MB sampled in {totals.Values.Sum(v => v.Samples)} samples; top stacks:"));
foreach (var ((type, stack), (bytes, _)) in totals.OrderByDescending(t => t.Value.Bytes).Take(15))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / allBytes,5:F1} %  {type}  {stack[..Math.Min(stack.Length, 300)]}"));
}

return 0;
