using System.Threading;

namespace EdgeIngest.Hosting;

/// <summary>
/// The cap on open WebSockets (device and dashboard together, <c>--max-connections</c>). An upgrade over the cap
/// is answered <c>503 {"code":"too_many_connections"}</c> before the socket is accepted.
/// </summary>
public sealed class ConnectionLimiter
{
    private readonly int _max;
    private int _open;

    public ConnectionLimiter(int max) => _max = max;

    /// <summary>Open sockets now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a slot; false when the cap is reached (nothing taken).</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (open >= _max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a slot back when its socket ends.</summary>
    public void Exit() => Interlocked.Decrement(ref _open);
}
