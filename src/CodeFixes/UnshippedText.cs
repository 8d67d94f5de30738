using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.CodeFixes;

/// <summary>The text of Telemetry.Unshipped.txt with lines recorded: comment lines at the top kept, item lines sorted by key.</summary>
internal static class UnshippedText
{
    public static string With(string existing, IEnumerable<(string Key, string Text)> recorded)
    {
        var newLine = existing.Contains("\r\n") ? "\r\n" : "\n";
        var header = new List<string>();
        var items = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var inHeader = true;
        foreach (var raw in existing.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (inHeader && (trimmed.Length == 0 || trimmed.StartsWith("#", System.StringComparison.Ordinal)))
            {
                header.Add(line);
                continue;
            }

            inHeader = false;
            if (trimmed.Length == 0 || trimmed.StartsWith("#", System.StringComparison.Ordinal))
            {
                continue;
            }

            items[Key(trimmed)] = trimmed;
        }

        foreach (var (key, text) in recorded)
        {
            items[key] = text;
        }

        while (header.Count > 0 && header[header.Count - 1].Trim().Length == 0)
        {
            header.RemoveAt(header.Count - 1);
        }

        var lines = header.Concat(items.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => p.Value));
        return string.Join(newLine, lines) + newLine;
    }

    /// <summary>The keyword and the first word of an item line.</summary>
    private static string Key(string line)
    {
        var words = line.Split(' ');
        return words.Length > 1 ? words[0] + " " + words[1] : line;
    }
}
