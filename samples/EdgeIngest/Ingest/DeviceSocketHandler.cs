using System;
using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Ingest;

/// <summary>
/// The device WebSocket: authenticate by token, then for each frame ingest it and answer with an
/// <c>ack</c> or an <c>error</c> frame carrying a code. The connection stays usable after bad input; it is
/// closed when the device is revoked. A client that disconnects abruptly ends the loop quietly.
/// </summary>
public sealed class DeviceSocketHandler
{
    public const int MaxFrameBytes = 64 * 1024;
    private readonly DeviceAuthenticator _authenticator;
    private readonly IngestPipeline _pipeline;
    private readonly ConnectionTracker _tracker;
    private readonly EdgeStore _store;
    private readonly SocketLimits _limits;
    private readonly SocketEvents _events = new();
    private readonly LogBudget _failures = LogBudget.ForErrors();
    private readonly ILogger _logger;

    public DeviceSocketHandler(DeviceAuthenticator authenticator, IngestPipeline pipeline, ConnectionTracker tracker, EdgeStore store, SocketLimits limits, ILogger<DeviceSocketHandler> logger)
    {
        _authenticator = authenticator;
        _pipeline = pipeline;
        _tracker = tracker;
        _store = store;
        _limits = limits;
        _logger = logger;
    }

    public async Task HandleAsync(WebSocket socket, string? token, CancellationToken cancellationToken)
    {
        var connectionId = Guid.NewGuid().ToString("N");
        var generation = _store.RevocationGeneration;
        DeviceIdentity device;
        try
        {
            device = await _authenticator.AuthenticateAsync(token, connectionId, cancellationToken);
        }
        catch (EdgeIngestException error)
        {
            EdgeLog.ConnectionRefused(_logger, error.ErrorCode);
            await SocketIo.RefuseAsync(socket, error.ErrorCode, error.Message, cancellationToken);
            return;
        }

        var session = new DeviceSession(device, connectionId, generation);
        Task loop;
        using (ExecutionContext.SuppressFlow())
        {
            // The connection loop starts with no ambient span or correlation: each frame is its own trace.
            loop = Task.Run(() => ReceiveLoopAsync(socket, session, cancellationToken), CancellationToken.None);
        }

        await _tracker.TrackAsync(ConnectionKind.Device, connectionId, loop);
    }

    private async Task ReceiveLoopAsync(WebSocket socket, DeviceSession session, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes + 1);
        using var deadline = new SocketDeadline(socket);
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var (length, tooLarge, binary, closed, protocolError) = await ReadFrameAsync(socket, buffer, deadline, _limits, cancellationToken);
                if (closed)
                {
                    await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
                    return;
                }

                var frame = new DeviceFrame(buffer.AsMemory(0, length), tooLarge, binary, Stopwatch.GetTimestamp()) { ProtocolError = protocolError };
                try
                {
                    var receipt = await _pipeline.ReceiveAsync(session.Tenant, session.ConnectionId, session, frame, cancellationToken);
                    await SocketIo.SendAsync(socket, SocketIo.AckFrame(receipt), cancellationToken);
                }
                catch (EdgeIngestException error) when (error.ErrorCode == ErrorCodes.ProtocolError)
                {
                    // The WebSocket layer already sent its close (1007 / 1002): wait briefly for the device's close, then end.
                    await SocketIo.DrainAfterCloseAsync(socket, cancellationToken);
                    return;
                }
                catch (EdgeIngestException error) when (error.ErrorCode == ErrorCodes.ShuttingDown)
                {
                    await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.EndpointUnavailable, ErrorCodes.ShuttingDown);
                    return;
                }
                catch (EdgeIngestException error)
                {
                    await SocketIo.SendAsync(socket, SocketIo.ErrorFrame(error.ErrorCode, error.Message, error.MessageId), cancellationToken);
                    if (error.ErrorCode is ErrorCodes.DeviceRevoked or ErrorCodes.UnknownDevice)
                    {
                        await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, error.ErrorCode);
                        return;
                    }
                }
            }
        }
        catch (Exception error) when (SocketIo.IsDisconnect(error, cancellationToken))
        {
            // The device went away (or the app is stopping); nothing partial was stored (batches are transactional).
        }
        catch (Exception error)
        {
            if (_failures.TryTake(out var suppressed))
            {
                EdgeLog.ConnectionFailed(_logger, session.ConnectionId, suppressed, error);
            }

            await SocketIo.CloseQuietlyAsync(socket, WebSocketCloseStatus.InternalServerError, ErrorCodes.InternalError);
        }
        finally
        {
            deadline.Disarm();
            if (deadline.Expired is { } limit)
            {
                _events.TimedOut(limit == ErrorCodes.IdleTimeout ? SocketTimeout.Idle : SocketTimeout.Frame);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<(int Length, bool TooLarge, bool Binary, bool Closed, bool ProtocolError)> ReadFrameAsync(
        WebSocket socket, byte[] buffer, SocketDeadline deadline, SocketLimits limits, CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        var binary = false;
        var started = false;
        deadline.Arm(limits.IdleTimeout, ErrorCodes.IdleTimeout);
        while (true)
        {
            var space = tooLarge ? buffer.AsMemory(0, buffer.Length) : buffer.AsMemory(length, buffer.Length - length);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(space, cancellationToken);
            }
            catch (WebSocketException error) when (error.WebSocketErrorCode == WebSocketError.Faulted && !cancellationToken.IsCancellationRequested)
            {
                // The runtime refused the bytes (invalid UTF-8 in a text frame → 1007, a malformed frame → 1002), sent its
                // close frame and gave up the socket; a vanished peer is ConnectionClosedPrematurely instead. Counted as
                // protocol_error by the pipeline.
                return (0, false, false, false, true);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (0, false, false, true, false);
            }

            if (!started && !result.EndOfMessage)
            {
                // A frame has begun: from now on it must finish within the frame timeout.
                started = true;
                deadline.Arm(limits.FrameTimeout, ErrorCodes.FrameTimeout);
            }

            binary |= result.MessageType == WebSocketMessageType.Binary;
            if (!tooLarge)
            {
                length += result.Count;
                if (length > MaxFrameBytes)
                {
                    tooLarge = true;
                    length = MaxFrameBytes;
                }
            }

            if (result.EndOfMessage)
            {
                deadline.Disarm();
                return (length, tooLarge, binary, false, false);
            }
        }
    }
}

/// <summary>Sending, refusing and closing on a WebSocket without throwing when the peer is already gone.</summary>
internal static class SocketIo
{
    /// <summary>The ack of a stored frame; <c>"replay":true</c> when the message id had already been stored (nothing stored twice).</summary>
    public static string AckFrame(IngestReceipt receipt) =>
        "{\"type\":\"ack\",\"message_id\":" + JsonSerializer.Serialize(receipt.MessageId) + (receipt.Replay ? ",\"replay\":true}" : "}");

    /// <summary>
    /// After the runtime sent a close frame on its own (and gave up the socket): keeps the connection for up to 2 s,
    /// until the peer hangs up, so the close frame is read before the TCP connection is torn down (not a reset).
    /// </summary>
    public static async Task DrainAfterCloseAsync(WebSocket socket, CancellationToken connectionAborted)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
        linger.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            if (socket.State == WebSocketState.CloseSent)
            {
                var scratch = new byte[256];
                while (socket.State == WebSocketState.CloseSent)
                {
                    var result = await socket.ReceiveAsync(scratch.AsMemory(), linger.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
            }
            else
            {
                await Task.Delay(Timeout.Infinite, linger.Token);
            }
        }
        catch (Exception error) when (IsDisconnect(error, CancellationToken.None) || error is OperationCanceledException)
        {
        }
    }

    public static string ErrorFrame(string code, string message, string? messageId) =>
        JsonSerializer.Serialize(new { type = "error", code, message, message_id = messageId });

    public static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.State == WebSocketState.Open
            ? socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Sends an error frame and closes with a policy violation; a peer that already left is ignored.</summary>
    public static async Task RefuseAsync(WebSocket socket, string code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(socket, ErrorFrame(code, message, null), cancellationToken);
        }
        catch (Exception error) when (IsDisconnect(error, cancellationToken))
        {
            return;
        }

        await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, code);
    }

    /// <summary>Sends a close frame without waiting for the peer's (its reply ends the pending receive); never throws.</summary>
    public static async Task CloseOutputQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception error) when (IsDisconnect(error, CancellationToken.None) || error is OperationCanceledException or InvalidOperationException)
        {
        }
    }

    /// <summary>Closes (waiting at most 2 s for the peer's close frame); never throws.</summary>
    public static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
            else
            {
                await socket.CloseAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception error) when (IsDisconnect(error, CancellationToken.None) || error is OperationCanceledException)
        {
        }
    }

    /// <summary>True for the ways a vanished peer or a stopping app show up on a socket.</summary>
    public static bool IsDisconnect(Exception error, CancellationToken cancellationToken) => error switch
    {
        WebSocketException => true,
        Microsoft.AspNetCore.Connections.ConnectionAbortedException => true,
        OperationCanceledException => cancellationToken.IsCancellationRequested,
        System.IO.IOException => true,
        ObjectDisposedException => true,
        _ => false,
    };
}
