using System;
using System.Collections.Generic;
using System.Text;

namespace Instrumentation.BuildTasks;

/// <summary>
/// Finds the telemetry catalog's sections in a built assembly's bytes: the generators embed each one as
/// <c>[assembly: AssemblyMetadata("Instrumentation.TelemetryCatalog.&lt;section&gt;", json)]</c>. A blob is located by its
/// ECMA-335 shape (prolog 01 00, then the key as a SerString starting with the catalog prefix) and decoded strictly (key,
/// value, zero named arguments); anything that does not decode is skipped. Bytes, not System.Reflection.Metadata: the
/// task runs in any MSBuild (also .NET Framework's), and loading the assembly would lock it.
/// </summary>
internal static class CatalogSectionReader
{
    public const string Prefix = "Instrumentation.TelemetryCatalog.";

    /// <summary>The catalog's sections in the order telemetry.json lists them.</summary>
    public static readonly string[] Sections = { "spans", "metrics", "logEvents", "funnelEvents" };

    private static readonly byte[] PrefixBytes = Encoding.UTF8.GetBytes(Prefix);

    /// <summary>The JSON of each section found, by section name (the first blob of a section wins).</summary>
    public static Dictionary<string, string> Read(byte[] bytes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 3; i + PrefixBytes.Length < bytes.Length; i++)
        {
            if (bytes[i] != PrefixBytes[0] || !Matches(bytes, i) || bytes[i - 3] != 1 || bytes[i - 2] != 0)
            {
                continue;
            }

            var position = i - 1;
            if (!TryReadString(bytes, ref position, out var key) || key is null
                || !TryReadString(bytes, ref position, out var value) || value is null
                || position + 1 >= bytes.Length || bytes[position] != 0 || bytes[position + 1] != 0)
            {
                continue;
            }

            var section = key.Substring(Prefix.Length);
            if (Array.IndexOf(Sections, section) >= 0 && !result.ContainsKey(section))
            {
                result[section] = value;
            }
        }

        return result;
    }

    private static bool Matches(byte[] bytes, int at)
    {
        for (var j = 0; j < PrefixBytes.Length; j++)
        {
            if (bytes[at + j] != PrefixBytes[j])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A SerString: compressed length (ECMA-335 II.23.2), then UTF-8; 0xFF is null.</summary>
    private static bool TryReadString(byte[] bytes, ref int position, out string? value)
    {
        value = null;
        if (position >= bytes.Length)
        {
            return false;
        }

        int length;
        var b = bytes[position];
        if (b == 0xFF)
        {
            position++;
            return true;
        }

        if ((b & 0x80) == 0)
        {
            length = b;
            position += 1;
        }
        else if ((b & 0xC0) == 0x80 && position + 1 < bytes.Length)
        {
            length = ((b & 0x3F) << 8) | bytes[position + 1];
            position += 2;
        }
        else if ((b & 0xE0) == 0xC0 && position + 3 < bytes.Length)
        {
            length = ((b & 0x1F) << 24) | (bytes[position + 1] << 16) | (bytes[position + 2] << 8) | bytes[position + 3];
            position += 4;
        }
        else
        {
            return false;
        }

        if (length < 0 || position + length > bytes.Length)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes, position, length);
        position += length;
        return true;
    }
}
