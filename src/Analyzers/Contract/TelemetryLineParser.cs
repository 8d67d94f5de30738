using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Analyzers.Contract;

/// <summary>Reads one line of a telemetry file (the format of <see cref="TelemetryItem.Format"/>).</summary>
internal static class TelemetryLineParser
{
    public static TelemetryItem? Parse(string line, out string? error)
    {
        error = null;
        var words = line.Split(' ');
        var keyword = System.Array.IndexOf(TelemetryItem.Keywords, words[0]);
        if (keyword < 0)
        {
            error = "it starts with '" + words[0] + "' instead of metric, span, log or funnel";
            return null;
        }

        var kind = (TelemetryItemKind)keyword;
        var listName = TelemetryItem.ListNames[keyword];
        var positional = kind switch
        {
            TelemetryItemKind.Metric => 3,
            TelemetryItemKind.Span => 3,
            TelemetryItemKind.Log => 4,
            _ => 2,
        };
        if (words.Length < positional || words.Skip(1).Take(positional - 1).Any(w => w.Length == 0 || w.Contains("=")))
        {
            error = "a " + words[0] + " line is '" + Shape(kind) + "'";
            return null;
        }

        var item = new TelemetryItem(kind, words[1]);
        var colon = words[1].LastIndexOf(':');
        if (kind is TelemetryItemKind.Log
            && (colon < 1 || !int.TryParse(words[1].Substring(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            error = "'" + words[1] + "' is not '<category>:<event id>'";
            return null;
        }

        if (positional > 2)
        {
            item.Word = words[2];
        }

        if (kind == TelemetryItemKind.Log)
        {
            item.Level = words[3];
        }

        var rest = words.Skip(positional).ToList();
        if (kind == TelemetryItemKind.Metric)
        {
            if (rest.Count == 0 || !rest[0].StartsWith("unit=", System.StringComparison.Ordinal))
            {
                error = "a metric line is '" + Shape(kind) + "'";
                return null;
            }

            item.Unit = rest[0].Substring("unit=".Length);
            rest.RemoveAt(0);
        }

        if (kind == TelemetryItemKind.Funnel && rest.Count > 1 && rest[rest.Count - 1] == "once-per-entity")
        {
            item.OncePerEntity = true;
            rest.RemoveAt(rest.Count - 1);
        }

        var list = string.Join(" ", rest);
        if (!list.StartsWith(listName + "=", System.StringComparison.Ordinal))
        {
            error = "a " + words[0] + " line is '" + Shape(kind) + "'";
            return null;
        }

        var entries = SplitList(list.Substring(listName.Length + 1));
        if (kind == TelemetryItemKind.Metric)
        {
            foreach (var entry in entries)
            {
                if (ParseLabel(entry) is { } label)
                {
                    item.Labels.Add(label);
                }
                else
                {
                    error = "the label '" + entry + "' is not 'name', 'name={a|b}' or 'name~{a|b}'";
                    return null;
                }
            }
        }
        else
        {
            item.Names.AddRange(entries);
        }

        return item;
    }

    private static TelemetryLabel? ParseLabel(string entry)
    {
        var open = entry.IndexOf('{');
        if (open < 0)
        {
            return entry.IndexOfAny(new[] { '=', '~', '}', '|' }) < 0 ? new TelemetryLabel(entry, LabelValuesKind.Unknown, new string[0]) : null;
        }

        if (open < 2 || !entry.EndsWith("}", System.StringComparison.Ordinal) || (entry[open - 1] != '=' && entry[open - 1] != '~'))
        {
            return null;
        }

        var name = entry.Substring(0, open - 1);
        var inner = entry.Substring(open + 1, entry.Length - open - 2);
        var values = inner.Length == 0 ? new string[0] : inner.Split('|').Select(TelemetryLabel.Unescape).ToArray();
        return new TelemetryLabel(name, entry[open - 1] == '=' ? LabelValuesKind.Closed : LabelValuesKind.Expected, values);
    }

    /// <summary>Splits on commas outside braces; an empty list is no entries.</summary>
    private static List<string> SplitList(string list)
    {
        var entries = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '{')
            {
                depth++;
            }
            else if (list[i] == '}')
            {
                depth--;
            }
            else if (list[i] == ',' && depth == 0)
            {
                entries.Add(list.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }

        if (list.Length > 0)
        {
            entries.Add(list.Substring(start).Trim());
        }

        return entries.Where(e => e.Length > 0).ToList();
    }

    private static string Shape(TelemetryItemKind kind) => kind switch
    {
        TelemetryItemKind.Metric => "metric <name> <kind> unit=<unit> labels=<labels>",
        TelemetryItemKind.Span => "span <name> <operation kind> attributes=<names>",
        TelemetryItemKind.Log => "log <category>:<event id> <event name> <level> fields=<names>",
        _ => "funnel <name> properties=<names> [once-per-entity]",
    };
}
