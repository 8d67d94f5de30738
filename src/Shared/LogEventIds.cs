namespace Instrumentation.Naming;

/// <summary>
/// The event id of a <c>[LogMethod]</c> without an explicit <c>EventId</c>, compiled into the generator and the analyzers
/// (linked source), so the telemetry contract lists the id the generated code logs.
/// </summary>
internal static class LogEventIds
{
    /// <summary>FNV-1a of the method name, folded into 1..1,000,000 (overloads of one name share it).</summary>
    public static int StableId(string name)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)(hash & 0x7FFFFFFF) % 1_000_000 + 1;
        }
    }
}
