using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeIngest.Ingest;

/// <summary>
/// One timer per connection for its two time limits: how long an authenticated socket may stay silent
/// (<c>--idle-timeout</c>) and how long a started frame may take to finish (<c>--frame-timeout</c>). When it fires
/// the socket gets a close frame (1008, <c>idle_timeout</c> / <c>frame_timeout</c>) while its receive is still
/// pending, so the peer's close ends the loop cleanly; a peer that does not answer is aborted 2 s later.
/// Re-arming costs a <see cref="Timer.Change(TimeSpan, TimeSpan)"/> call, no allocation.
/// </summary>
internal sealed class SocketDeadline : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Timer _timer;
    private string _reason = string.Empty;
    private int _fired;

    public SocketDeadline(WebSocket socket)
    {
        _socket = socket;
        _timer = new Timer(static state => ((SocketDeadline)state!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The code the socket was closed with when a limit was reached, or null.</summary>
    public string? Expired => Volatile.Read(ref _fired) == 1 ? _reason : null;

    /// <summary>Starts (or restarts) the limit: the socket is closed with <paramref name="reason"/> if it is not disarmed in time.</summary>
    public void Arm(TimeSpan limit, string reason)
    {
        _reason = reason;
        _timer.Change(limit, Timeout.InfiniteTimeSpan);
    }

    public void Disarm() => _timer.Change(Timeout.Infinite, Timeout.Infinite);

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _ = CloseAsync();
        }
    }

    private async Task CloseAsync()
    {
        await SocketIo.CloseOutputQuietlyAsync(_socket, WebSocketCloseStatus.PolicyViolation, _reason);
        await Task.Delay(TimeSpan.FromSeconds(2));
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
    }
}
