using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Instrumentation.Funnel.Writing;

/// <summary>
/// Turns a buffered <see cref="FunnelEvent"/> into a <see cref="PendingFunnelEvent"/> on the writer thread:
/// this is where Guid, enum and date values become text and text properties are redacted and scrubbed, so the hot
/// path never formats nor scrubs.
/// </summary>
internal static class FunnelEventConverter
{
    /// <summary>Converts the event.</summary>
    /// <exception cref="InvalidDataException">The event has no type.</exception>
    /// <exception cref="ArgumentException">A text value is not valid UTF-16 (it cannot be written as JSON).</exception>
    public static PendingFunnelEvent Convert(in FunnelEvent item)
    {
        if (string.IsNullOrEmpty(item.EventType))
        {
            throw new InvalidDataException("The funnel event has no event type.");
        }

        var since = item.SinceProperty;
        var start = item.SinceStart.AsInstant();
        return new PendingFunnelEvent(FunnelEventIds.New(), item.EventType, item.CreatedAt, PropertiesJson(item.Properties))
        {
            UserId = item.UserId.ToString(),
            OrgId = item.OrgId.ToString(),
            ProjectId = item.ProjectId.ToString(),
            EntityId = item.EntityId.ToString(),
            EntityKey = item.EntityId,
            OncePerEntity = item.OncePerEntity && !item.EntityId.IsNull,
            SinceProperty = since,
            SinceEvent = item.SinceEvent,
            SinceStart = start,

            // A supplied start is known now; an event to look up is resolved by the writer before the write.
            SinceResolved = since is null || start is not null || item.SinceEvent is null || item.EntityId.IsNull,
        };
    }

    // Stored, not embedded in HTML: keep '+', '<', '&' and non-ASCII text as they are (control characters are still escaped).
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The properties as a JSON object, each value as it may leave the process (<see cref="FunnelProperties.SafeValueAt"/>):
    /// secret names redacted, free text scrubbed of e-mail addresses, card numbers, SSNs and tokens. The JSON writer and
    /// its buffer are kept per thread and reused (the writer converts every event on its own loop): only the returned
    /// string is allocated, where a writer and a buffer per event were ~430 B more (issue 18 §2).
    /// </summary>
    public static string PropertiesJson(in FunnelProperties properties)
    {
        // Taken out while in use, so a nested call (a redactor that converts) or a throw mid-object never shares or
        // reuses a writer in an unknown state: the next call then makes a new one.
        var scratch = t_scratch ?? new JsonScratch();
        t_scratch = null;
        scratch.Buffer.ResetWrittenCount();
        var json = scratch.Writer;
        json.Reset(scratch.Buffer);
        json.WriteStartObject();
        for (var i = 0; i < properties.Count; i++)
        {
            // Where events leave the process: every store row, spill and dead-letter line and exported record
            // is built from this JSON, so text follows the rules of every other sink here (off the hot path).
            properties.SafeValueAt(i).WriteTo(json, properties.NameAt(i));
        }

        json.WriteEndObject();
        json.Flush();
        var text = Encoding.UTF8.GetString(scratch.Buffer.WrittenSpan);
        if (scratch.Buffer.Capacity <= JsonScratch.KeptCapacity)
        {
            // An unusually large event's buffer is not kept for the thread's lifetime.
            t_scratch = scratch;
        }

        return text;
    }

    [ThreadStatic]
    private static JsonScratch? t_scratch;

    /// <summary>A reusable JSON writer over its own buffer.</summary>
    private sealed class JsonScratch
    {
        public const int KeptCapacity = 16 * 1024;

        public JsonScratch() => Writer = new Utf8JsonWriter(Buffer, Options);

        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public Utf8JsonWriter Writer { get; }
    }
}
