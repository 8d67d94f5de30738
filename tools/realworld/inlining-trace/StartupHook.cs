// The JIT's inlining decisions in any .NET process, without a checked runtime or a profiler: a startup hook
// (DOTNET_STARTUP_HOOKS) whose EventListener turns on the runtime's JitTracing keyword and counts the
// MethodJitInliningSucceeded (185) and MethodJitInliningFailed (186 ANSI, 192) events, by inlinee, root method and reason.
// Found why LiteDB's suite ran 10–17 % slower with nobody listening (docs/real-world.md, "LiteDB"):
//
//   dotnet build -c Release -o /tmp/inlining-trace tools/realworld/inlining-trace
//   INLINING_TRACE_OUT=/tmp/trace INLINING_TRACE_MATCH=Intercept DOTNET_STARTUP_HOOKS=/tmp/inlining-trace/InliningTrace.dll \
//     dotnet test <test project> -c Release --no-build
//
// Every process started with the hook (dotnet test, the test host) writes <OUT>.<pid>.ok.txt and <OUT>.<pid>.fail.txt at
// exit: "count<TAB>inlinee<TAB><- root" and "count<TAB>reason<TAB>inlinee<TAB><- root", most frequent first; only inlinees
// whose "namespace::name" contains INLINING_TRACE_MATCH (default: every one).
using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;

internal static class StartupHook
{
    private static InliningListener? s_listener;

    public static void Initialize()
    {
        s_listener = new InliningListener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => s_listener.Write();
    }
}

internal sealed class InliningListener : EventListener
{
    private const EventKeywords JitTracing = (EventKeywords)0x1000;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, int> _successes = new();
    private readonly string _match = Environment.GetEnvironmentVariable("INLINING_TRACE_MATCH") ?? "::";

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitTracing);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId is not (185 or 186 or 192) || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        string Field(string name)
        {
            var i = e.PayloadNames.IndexOf(name);
            return i < 0 ? string.Empty : e.Payload[i]?.ToString() ?? string.Empty;
        }

        var inlinee = Field("InlineeNamespace") + "::" + Field("InlineeName");
        if (!inlinee.Contains(_match, StringComparison.Ordinal))
        {
            return;
        }

        var root = Field("MethodBeingCompiledNamespace") + "::" + Field("MethodBeingCompiledName");
        if (e.EventId == 185)
        {
            _successes.AddOrUpdate(inlinee + "\t<- " + root, 1, (_, c) => c + 1);
        }
        else
        {
            _failures.AddOrUpdate(Field("FailReason") + "\t" + inlinee + "\t<- " + root, 1, (_, c) => c + 1);
        }
    }

    public void Write()
    {
        var path = (Environment.GetEnvironmentVariable("INLINING_TRACE_OUT") ?? "/tmp/inlining-trace") + "." + Environment.ProcessId;
        File.WriteAllLines(path + ".fail.txt", _failures.OrderByDescending(k => k.Value).Select(k => k.Value + "\t" + k.Key));
        File.WriteAllLines(path + ".ok.txt", _successes.OrderByDescending(k => k.Value).Select(k => k.Value + "\t" + k.Key));
    }
}
