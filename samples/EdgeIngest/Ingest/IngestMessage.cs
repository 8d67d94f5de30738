using System;
using System.Collections.Generic;
using System.Text.Json;
using EdgeIngest.Domain;

namespace EdgeIngest.Ingest;

/// <summary>
/// A parsed device message: one sensor, 1–500 readings, a client-chosen message id, and the tenant fields
/// the device may state (<c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>; optional, checked against
/// the device's identity).
/// </summary>
public sealed record IngestMessage(string MessageId, SensorKind Sensor, IReadOnlyList<Reading> Readings, string? OrgId = null, string? ProjectId = null, string? DeviceUuid = null)
{
    public const int MaxReadings = 500;
    public const int MaxMessageIdLength = 64;

    /// <summary>Parses and validates a frame; every problem is an <see cref="EdgeIngestException"/> with a code.</summary>
    /// <remarks>
    /// The whole frame is one JSON text: one value with only whitespace around it (RFC 8259). Anything after the object
    /// (<c>{…}garbage</c>, a second object <c>{…}{…}</c>, a comment) is <c>malformed_json</c> for the whole frame, as a
    /// REST body is; reading only the first value acknowledged the first object and dropped the rest unanswered. A key
    /// written twice in one object (<c>"sensor":"gas","sensor":"temperature"</c>) is <c>malformed_json</c> too, the
    /// message naming the key: which value the device meant is not knowable (the last one used to win).
    /// </remarks>
    public static IngestMessage Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            throw new EdgeIngestException(ErrorCodes.MalformedJson, "The frame is not valid JSON: " + exception.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the frame must be a JSON object", null);
            }

            var messageId = RequiredString(root, "message_id", null);
            if (messageId.Length is 0 or > MaxMessageIdLength)
            {
                throw Invalid("message_id must be 1 to " + MaxMessageIdLength + " characters", null);
            }

            if (messageId.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || messageId.Contains('\u007f', StringComparison.Ordinal))
            {
                // NUL cannot be stored by PostgreSQL (22021) and control characters break logs: refused on every store alike.
                throw Invalid("message_id must not contain control characters (such as NUL)", null);
            }

            var sensor = ParseSensor(RequiredString(root, "sensor", messageId), messageId);
            if (!root.TryGetProperty("readings", out var readingsElement) || readingsElement.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("readings must be an array", messageId);
            }

            var count = readingsElement.GetArrayLength();
            if (count is 0 or > MaxReadings)
            {
                throw Invalid("readings must hold 1 to " + MaxReadings + " items", messageId);
            }

            var readings = new Reading[count];
            var index = 0;
            var now = DateTimeOffset.UtcNow;
            foreach (var item in readingsElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw Invalid("readings[" + index + "].value must be a finite number", messageId);
                }

                var timestamp = now;
                if (item.TryGetProperty("ts", out var ts))
                {
                    if (ts.ValueKind != JsonValueKind.String || !ts.TryGetDateTimeOffset(out timestamp))
                    {
                        throw Invalid("readings[" + index + "].ts must be an ISO-8601 timestamp", messageId);
                    }
                }

                readings[index++] = new Reading(number, timestamp);
            }

            return new IngestMessage(messageId, sensor, readings,
                OptionalString(root, "org_id", messageId), OptionalString(root, "project_id", messageId), OptionalString(root, "device_uuid", messageId));
        }
    }

    public static SensorKind ParseSensor(string text) => ParseSensor(text, null);

    public static string SensorName(SensorKind sensor) => sensor switch
    {
        SensorKind.Temperature => "temperature",
        SensorKind.Humidity => "humidity",
        SensorKind.AirQuality => "air_quality",
        _ => "pressure",
    };

    private static SensorKind ParseSensor(string text, string? messageId) => text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "temperature" => SensorKind.Temperature,
        "humidity" => SensorKind.Humidity,
        "airquality" => SensorKind.AirQuality,
        "pressure" => SensorKind.Pressure,
        _ => throw Invalid("sensor must be one of temperature, humidity, air_quality, pressure", messageId),
    };

    private static string RequiredString(JsonElement root, string name, string? messageId)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw Invalid(name + " must be a string", messageId);
        }

        return TextOf(element, name, messageId);
    }

    private static string? OptionalString(JsonElement root, string name, string messageId)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? TextOf(element, name, messageId) : throw Invalid(name + " must be a string when present", messageId);
    }

    /// <summary>The string's text; an escape that is not Unicode text (a lone UTF-16 surrogate such as <c>\ud800</c>) is <c>invalid_message</c>.</summary>
    private static string TextOf(JsonElement element, string name, string? messageId)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(name + " must be valid Unicode text (a lone UTF-16 surrogate is not)", messageId);
        }
    }

    private static EdgeIngestException Invalid(string message, string? messageId) => new(ErrorCodes.InvalidMessage, message) { MessageId = messageId };
}
