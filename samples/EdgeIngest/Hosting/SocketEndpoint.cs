using System;
using System.Net.WebSockets;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Microsoft.AspNetCore.Http;

namespace EdgeIngest.Hosting;

/// <summary>
/// Serves one WebSocket endpoint: a plain HTTP request is <c>400 websocket_required</c>; over the connection cap
/// the upgrade is <c>503 too_many_connections</c> (JSON, before the socket is accepted); an accepted socket is
/// known to <see cref="OpenSockets"/> until it ends, so a graceful stop can close it with 1001. A socket is accepted
/// with <c>subProtocol</c> when one is given (the dashboard page's, see Broadcast/DashboardCredentials).
/// </summary>
internal static class SocketEndpoint
{
    public static async Task<IResult> ServeAsync(HttpContext context, ConnectionLimiter limiter, OpenSockets open, Func<WebSocket, Task> handle, string? subProtocol = null)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.BadRequest(new { code = "websocket_required", message = "This endpoint is a WebSocket." });
        }

        if (!limiter.TryEnter())
        {
            return Results.Json(new { code = ErrorCodes.TooManyConnections, message = "The server holds its maximum number of connections; retry later." }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            using var socket = await EdgeIngestApp.AcceptQuietlyAsync(context, subProtocol);
            if (socket is not null)
            {
                open.Add(socket);
                try
                {
                    await handle(socket);
                }
                finally
                {
                    open.Remove(socket);
                }
            }

            return Results.Empty;
        }
        finally
        {
            limiter.Exit();
        }
    }
}
