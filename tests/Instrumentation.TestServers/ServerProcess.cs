using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.TestServers;

/// <summary>Stopping a server process a test started: the whole process tree, waited for, then disposed.</summary>
internal static class ServerProcess
{
    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        process.Dispose();
    }
}
