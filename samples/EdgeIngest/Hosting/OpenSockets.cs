using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;

namespace EdgeIngest.Hosting;

/// <summary>
/// The open WebSockets (device and dashboard), so that a graceful stop closes each one with 1001
/// (<c>shutting_down</c>) instead of dropping it: the peers' close replies end their loops, and whatever has not
/// answered within the deadline (<c>--shutdown-timeout</c>) is aborted.
/// </summary>
public sealed class OpenSockets
{
    private readonly ConcurrentDictionary<WebSocket, byte> _sockets = new();

    /// <summary>How many are open.</summary>
    public int Count => _sockets.Count;

    public void Add(WebSocket socket) => _sockets.TryAdd(socket, 0);

    public void Remove(WebSocket socket) => _sockets.TryRemove(socket, out _);

    /// <summary>Sends every open socket a 1001 close, waits for them to finish up to <paramref name="deadline"/>, then aborts the rest.</summary>
    public async Task CloseAllAsync(TimeSpan deadline)
    {
        var sockets = _sockets.Keys.ToArray();
        await Task.WhenAll(sockets.Select(s => SocketIo.CloseOutputQuietlyAsync(s, WebSocketCloseStatus.EndpointUnavailable, ErrorCodes.ShuttingDown)));
        var until = DateTime.UtcNow + deadline;
        while (!_sockets.IsEmpty && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        foreach (var socket in _sockets.Keys)
        {
            socket.Abort();
        }
    }
}
