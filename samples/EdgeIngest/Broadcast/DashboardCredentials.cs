using System;
using Microsoft.AspNetCore.Http;

namespace EdgeIngest.Broadcast;

/// <summary>
/// Where a dashboard WebSocket carries its token. Programs put it in the query (<c>?token=</c>); a browser cannot
/// set an <c>Authorization</c> header on a WebSocket, and a token in the URL ends up in proxy and access logs and
/// in the browser's history, so the dashboard page offers it as a WebSocket subprotocol instead:
/// <c>new WebSocket(url, ["edgeingest.dashboard", "bearer." + token])</c>. The server answers with
/// <see cref="SubProtocol"/> (never echoing the token).
/// </summary>
public static class DashboardCredentials
{
    /// <summary>The subprotocol the server selects when the token came as a subprotocol.</summary>
    public const string SubProtocol = "edgeingest.dashboard";

    /// <summary>The prefix of the subprotocol entry that carries the token.</summary>
    public const string TokenPrefix = "bearer.";

    /// <summary>The token (query first, then subprotocol) and the subprotocol to accept the socket with (null: none).</summary>
    public static (string? Token, string? SubProtocol) From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? query = context.Request.Query["token"];
        if (!string.IsNullOrEmpty(query))
        {
            return (query, null);
        }

        string? token = null;
        var offered = false;
        foreach (var protocol in context.WebSockets.WebSocketRequestedProtocols)
        {
            if (protocol == SubProtocol)
            {
                offered = true;
            }
            else if (protocol.StartsWith(TokenPrefix, StringComparison.Ordinal) && token is null)
            {
                token = protocol[TokenPrefix.Length..];
            }
        }

        return (token, offered ? SubProtocol : null);
    }
}
