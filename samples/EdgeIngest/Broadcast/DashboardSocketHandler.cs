using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;
using EdgeIngest.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Broadcast;

/// <summary>
/// The dashboard WebSocket: authenticates one dashboard by its token and streams that dashboard's widget
/// readings and its org's alerts. A client that disconnects abruptly ends the connection quietly.
/// </summary>
public sealed class DashboardSocketHandler
{
    private readonly DashboardAuthenticator _authenticator;
    private readonly DashboardHub _hub;
    private readonly ConnectionTracker _tracker;
    private readonly ILogger _logger;

    public DashboardSocketHandler(DashboardAuthenticator authenticator, DashboardHub hub, ConnectionTracker tracker, ILogger<DashboardSocketHandler> logger)
    {
        _authenticator = authenticator;
        _hub = hub;
        _tracker = tracker;
        _logger = logger;
    }

    public async Task HandleAsync(WebSocket socket, string? dashboardId, string? token, CancellationToken cancellationToken)
    {
        var connectionId = Guid.NewGuid().ToString("N");
        DashboardIdentity dashboard;
        try
        {
            dashboard = await _authenticator.AuthenticateAsync(dashboardId, token, connectionId, cancellationToken);
        }
        catch (EdgeIngestException error)
        {
            EdgeLog.ConnectionRefused(_logger, error.ErrorCode);
            await SocketIo.RefuseAsync(socket, error.ErrorCode, error.Message, cancellationToken);
            return;
        }

        var connection = _hub.Connect(dashboard, connectionId);
        Task loop;
        using (ExecutionContext.SuppressFlow())
        {
            // The connection loop starts with no ambient span or correlation.
            loop = Task.Run(() => SendLoopAsync(socket, connection, cancellationToken), CancellationToken.None);
        }

        try
        {
            await _tracker.TrackAsync(ConnectionKind.Dashboard, connectionId, loop);
        }
        finally
        {
            _hub.Disconnect(dashboard, connectionId);
        }
    }

    private async Task SendLoopAsync(WebSocket socket, DashboardConnection connection, CancellationToken cancellationToken)
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
                    await SocketIo.SendAsync(socket, payload, cancellationToken);
                }

                var missed = connection.TakeMissed();
                if (missed > 0)
                {
                    await SocketIo.SendAsync(socket, "{\"type\":\"frames_dropped\",\"count\":" + missed + "}", cancellationToken);
                }
            }
        }
        catch (Exception error) when (SocketIo.IsDisconnect(error, cancellationToken))
        {
        }
        catch (Exception error)
        {
            EdgeLog.ConnectionFailed(_logger, connection.ConnectionId, 0, error);
            await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.InternalServerError, ErrorCodes.InternalError);
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
                    await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
                    return;
                }
            }
        }
        catch (Exception error) when (SocketIo.IsDisconnect(error, cancellationToken) || error is OperationCanceledException)
        {
        }
    }
}
