using System;

namespace EdgeIngest.Ingest;

/// <summary>One WebSocket message as a device sent it, before validation.</summary>
/// <param name="Utf8">The bytes read (at most the frame limit).</param>
/// <param name="TooLarge">The frame was longer than the limit; the rest was discarded.</param>
/// <param name="Binary">The frame was a binary WebSocket message (the protocol is JSON text).</param>
/// <param name="ReceivedTimestamp">When it arrived (<c>Stopwatch.GetTimestamp()</c>): the start of ingest → broadcast latency.</param>
public readonly record struct DeviceFrame(ReadOnlyMemory<byte> Utf8, bool TooLarge, bool Binary, long ReceivedTimestamp)
{
    /// <summary>The WebSocket layer refused the frame's bytes (invalid UTF-8 in a text frame, a malformed frame) and closed the socket.</summary>
    public bool ProtocolError { get; init; }
}
