using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;
using EdgeIngest.Storage;

namespace EdgeIngest.Broadcast;

/// <summary>The dashboard WebSocket: subscribes to one dashboard of one org and streams its widgets' readings.</summary>
public sealed class DashboardSocketHandler
{
    private readonly EdgeStore _store;
    private readonly DashboardHub _hub;
    private readonly ConnectionTracker _tracker;

    public DashboardSocketHandler(EdgeStore store, DashboardHub hub, ConnectionTracker tracker)
    {
        _store = store;
        _hub = hub;
        _tracker = tracker;
    }

    public async Task HandleAsync(WebSocket socket, string? dashboardId, string? orgId, CancellationToken cancellationToken)
    {
        var owner = string.IsNullOrEmpty(dashboardId) ? null : await _store.OrgOfDashboardAsync(dashboardId, cancellationToken);
        if (owner is null || !string.Equals(owner, orgId, StringComparison.Ordinal))
        {
            await DeviceSocketHandler.SendAsync(socket, "{\"type\":\"error\",\"code\":\"wrong_tenant\",\"message\":\"Unknown dashboard for this org.\"}", cancellationToken);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, ErrorCodes.WrongTenant, cancellationToken);
            return;
        }

        var connectionId = Guid.NewGuid().ToString("N");
        var connection = _hub.Connect(dashboardId!, connectionId);
        Task loop;
        using (System.Threading.ExecutionContext.SuppressFlow())
        {
            // The connection loop starts with no ambient span or correlation: each message is its own trace.
            loop = Task.Run(() => SendLoopAsync(socket, connection, cancellationToken), CancellationToken.None);
        }

        try
        {
            await _tracker.TrackAsync(ConnectionKind.Dashboard, connectionId, loop);
        }
        finally
        {
            _hub.Disconnect(dashboardId!, connectionId);
        }
    }

    private static async Task SendLoopAsync(WebSocket socket, DashboardConnection connection, CancellationToken cancellationToken)
    {
        var closed = WaitForCloseAsync(socket, cancellationToken);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var next = connection.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(next, closed) == closed || !await next)
                {
                    return;
                }

                while (connection.Reader.TryRead(out var payload))
                {
                    await DeviceSocketHandler.SendAsync(socket, payload, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task WaitForCloseAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
    }
}
