using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using Instrumentation.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet MetricStreamHeap.App.dll [none|sized|unsized] [late|early]
//   none:    no registration (the floor);
//   sized:   WithGeneratedInstrumentation(), the default (each generated instrument's stream sized to its labels);
//   unsized: WithGeneratedInstrumentation(o => o.SizeMetricStreams = false) (OpenTelemetry's 2,000 series per stream);
//   late:    the library is loaded by its first calls, after the host started (its metric catalog not described yet);
//   early:   its module initializer runs before the host is built (its catalog is described when the provider starts).
// Prints the heap after the host started and after the library's first calls.
var mode = args.Length > 0 ? args[0] : "sized";
var load = args.Length > 1 ? args[1] : "late";
if (load == "early")
{
    LoadTheLibrary();
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
if (mode != "none")
{
    builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SizeMetricStreams = mode == "sized");
}

using var host = builder.Build();
await host.StartAsync();
var started = Heap();
var sum = CallTheLibrary();
var after = Heap();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}\t{load}\t{started / 1048576.0:F1}\t{after / 1048576.0:F1}\t{(after - started) / 1048576.0:F1}\t{sum}"));
await host.StopAsync();

static long Heap()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

// Not inlined, and the only places that name the library's types: Main compiles without loading it.
[MethodImpl(MethodImplOptions.NoInlining)]
static void LoadTheLibrary() => RuntimeHelpers.RunModuleConstructor(typeof(MetricStreamHeap.Library.Work).Module.ModuleHandle);

// Not inlined: the library's assembly is loaded when this method is compiled, after the host started.
[MethodImpl(MethodImplOptions.NoInlining)]
static int CallTheLibrary() => MetricStreamHeap.Library.Calls.All(new MetricStreamHeap.Library.Work());
