using System;
using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Ingest;

/// <summary>
/// The device WebSocket: authenticate by token, then for each frame validate, ingest and answer with an
/// <c>ack</c> or an <c>error</c> frame carrying a code. The connection stays usable after bad input.
/// </summary>
public sealed class DeviceSocketHandler
{
    public const int MaxFrameBytes = 64 * 1024;
    private readonly DeviceAuthenticator _authenticator;
    private readonly IngestPipeline _pipeline;
    private readonly ConnectionTracker _tracker;
    private readonly FrameValidator _validator;
    private long _messages;
    private long _rejected;

    public DeviceSocketHandler(DeviceAuthenticator authenticator, IngestPipeline pipeline, ConnectionTracker tracker, FrameValidator validator)
    {
        _validator = validator;
        _authenticator = authenticator;
        _pipeline = pipeline;
        _tracker = tracker;
    }

    public long MessagesIngested => Interlocked.Read(ref _messages);

    public long MessagesRejected => Interlocked.Read(ref _rejected);

    public async Task HandleAsync(WebSocket socket, string? token, CancellationToken cancellationToken)
    {
        var connectionId = Guid.NewGuid().ToString("N");
        DeviceIdentity device;
        try
        {
            device = await _authenticator.AuthenticateAsync(token, connectionId, cancellationToken);
        }
        catch (EdgeIngestException error)
        {
            await SendAsync(socket, Error(error.ErrorCode, error.Message, null), cancellationToken);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, error.ErrorCode, cancellationToken);
            return;
        }

        Task loop;
        using (System.Threading.ExecutionContext.SuppressFlow())
        {
            // The connection loop starts with no ambient span or correlation: each message is its own trace.
            loop = Task.Run(() => ReceiveLoopAsync(socket, device, connectionId, cancellationToken), CancellationToken.None);
        }

        await _tracker.TrackAsync(ConnectionKind.Device, connectionId, loop);
    }

    private async Task ReceiveLoopAsync(WebSocket socket, DeviceIdentity device, string connectionId, CancellationToken cancellationToken)
    {
        var tenant = new TenantContext(device.OrgId, device.ProjectId, device.DeviceUuid);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes + 1);
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var (length, tooLarge, closed) = await ReadFrameAsync(socket, buffer, cancellationToken);
                if (closed)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                var received = Stopwatch.GetTimestamp();
                string? messageId = null;
                try
                {
                    var message = _validator.Validate(tenant, connectionId, buffer, length, tooLarge);
                    messageId = message.MessageId;
                    await _pipeline.ReceiveAsync(tenant, message.MessageId, connectionId, message.Sensor, message.Readings, received, cancellationToken);
                    Interlocked.Increment(ref _messages);
                    await SendAsync(socket, "{\"type\":\"ack\",\"message_id\":" + JsonSerializer.Serialize(message.MessageId) + "}", cancellationToken);
                }
                catch (EdgeIngestException error)
                {
                    Interlocked.Increment(ref _rejected);
                    await SendAsync(socket, Error(error.ErrorCode, error.Message, messageId), cancellationToken);
                }
                catch (System.Data.Common.DbException)
                {
                    Interlocked.Increment(ref _rejected);
                    await SendAsync(socket, Error(ErrorCodes.StoreUnavailable, "The store could not take the batch; nothing was stored, retry later.", messageId), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            // The device went away mid-frame; nothing partial was stored (batches are transactional).
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<(int Length, bool TooLarge, bool Closed)> ReadFrameAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            var space = tooLarge ? buffer.AsMemory(0, buffer.Length) : buffer.AsMemory(length, buffer.Length - length);
            var result = await socket.ReceiveAsync(space, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (0, false, true);
            }

            if (!tooLarge)
            {
                length += result.Count;
                if (length > MaxFrameBytes)
                {
                    tooLarge = true;
                }
            }

            if (result.EndOfMessage)
            {
                return (length, tooLarge, false);
            }
        }
    }

    private static string Error(string code, string message, string? messageId) =>
        JsonSerializer.Serialize(new { type = "error", code, message, message_id = messageId });

    internal static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.State == WebSocketState.Open
            ? socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken)
            : Task.CompletedTask;
}
