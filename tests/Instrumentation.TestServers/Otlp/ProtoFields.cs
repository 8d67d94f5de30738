using System.Collections.Generic;
using Google.Protobuf;

namespace Instrumentation.TestServers.Otlp;

/// <summary>One decoded protobuf field: its number and either a varint/fixed value or the raw bytes.</summary>
public readonly record struct ProtoField(int Number, WireFormat.WireType WireType, ulong Scalar, ByteString Bytes);

/// <summary>
/// Reads protobuf messages field by field with Google.Protobuf's <see cref="CodedInputStream"/>, so the
/// OTLP payloads the official exporter sends can be decoded without generated classes.
/// </summary>
public static class ProtoFields
{
    public static List<ProtoField> Read(ByteString message)
    {
        var fields = new List<ProtoField>();
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var type = WireFormat.GetTagWireType(tag);
            switch (type)
            {
                case WireFormat.WireType.Varint:
                    fields.Add(new ProtoField(number, type, input.ReadUInt64(), ByteString.Empty));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new ProtoField(number, type, input.ReadFixed64(), ByteString.Empty));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add(new ProtoField(number, type, input.ReadFixed32(), ByteString.Empty));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new ProtoField(number, type, 0, input.ReadBytes()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }

    public static IEnumerable<ByteString> Messages(ByteString message, int number)
    {
        foreach (var field in Read(message))
        {
            if (field.Number == number && field.WireType == WireFormat.WireType.LengthDelimited)
            {
                yield return field.Bytes;
            }
        }
    }

    public static string? String(ByteString message, int number)
    {
        foreach (var field in Read(message))
        {
            if (field.Number == number && field.WireType == WireFormat.WireType.LengthDelimited)
            {
                return field.Bytes.ToStringUtf8();
            }
        }

        return null;
    }

    public static string Hex(ByteString message, int number)
    {
        foreach (var field in Read(message))
        {
            if (field.Number == number && field.WireType == WireFormat.WireType.LengthDelimited)
            {
                return System.Convert.ToHexString(field.Bytes.ToByteArray()).ToLowerInvariant();
            }
        }

        return string.Empty;
    }

    /// <summary>OTLP <c>KeyValue</c> attributes (field <paramref name="number"/>) as text.</summary>
    public static Dictionary<string, string?> Attributes(ByteString message, int number)
    {
        var result = new Dictionary<string, string?>();
        foreach (var keyValue in Messages(message, number))
        {
            var key = String(keyValue, 1) ?? string.Empty;
            string? text = null;
            foreach (var any in Messages(keyValue, 2))
            {
                foreach (var field in Read(any))
                {
                    text = field.Number switch
                    {
                        1 => field.Bytes.ToStringUtf8(),
                        2 => (field.Scalar != 0).ToString(),
                        3 => ((long)field.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => System.BitConverter.Int64BitsToDouble((long)field.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => text,
                    };
                }
            }

            result[key] = text;
        }

        return result;
    }
}
