using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Instrumentation.Observability;

/// <summary>One sample of a Prometheus exposition: its labels (sorted by name), their identity key and its value.</summary>
internal sealed class ExpositionSample
{
    public ExpositionSample(IReadOnlyList<KeyValuePair<string, string>> labels, string key, double value)
    {
        Labels = labels;
        Key = key;
        Value = value;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public string Key { get; }

    public double Value { get; }
}

/// <summary>
/// The samples of one scrape of a Prometheus text exposition, by series name (<c>ingest_messages_total</c>,
/// <c>ingest_processing_latency_ms_bucket</c>, …), taken at one time.
/// </summary>
internal sealed class MetricSnapshot
{
    private MetricSnapshot(long timeMilliseconds, Dictionary<string, List<ExpositionSample>> series)
    {
        TimeMilliseconds = timeMilliseconds;
        Series = series;
    }

    /// <summary>Unix time of the scrape, in milliseconds.</summary>
    public long TimeMilliseconds { get; }

    public Dictionary<string, List<ExpositionSample>> Series { get; }

    /// <summary>
    /// Parses the text exposition (the format <c>/metrics</c> serves: <c>name{label="value",…} number</c>, comments
    /// skipped), keeping only the series <paramref name="keep"/> accepts (all when null). A malformed line is skipped.
    /// </summary>
    public static MetricSnapshot Parse(long timeMilliseconds, string exposition, Func<string, bool>? keep)
    {
        var series = new Dictionary<string, List<ExpositionSample>>(StringComparer.Ordinal);
        var position = 0;
        while (position < exposition.Length)
        {
            var end = exposition.IndexOf('\n', position);
            if (end < 0)
            {
                end = exposition.Length;
            }

            var line = exposition.AsSpan(position, end - position).TrimEnd('\r');
            position = end + 1;
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, keep, out var name, out var sample))
            {
                if (!series.TryGetValue(name, out var list))
                {
                    list = new List<ExpositionSample>();
                    series.Add(name, list);
                }

                list.Add(sample);
            }
        }

        return new MetricSnapshot(timeMilliseconds, series);
    }

    private static bool TryParseLine(ReadOnlySpan<char> line, Func<string, bool>? keep, out string name, out ExpositionSample sample)
    {
        name = string.Empty;
        sample = null!;
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        name = line.Slice(0, i).ToString();
        if (name.Length == 0 || (keep is not null && !keep(name)))
        {
            return false;
        }

        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var equals = line.Slice(i).IndexOf('=');
                if (equals <= 0 || i + equals + 1 >= line.Length || line[i + equals + 1] != '"')
                {
                    return false;
                }

                var labelName = line.Slice(i, equals).Trim().ToString();
                i += equals + 2;
                var value = new StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                if (i >= line.Length)
                {
                    return false;
                }

                i++;
                labels.Add(new KeyValuePair<string, string>(labelName, value.ToString()));
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }

            if (i >= line.Length)
            {
                return false;
            }

            i++;
        }

        var rest = line.Slice(i).Trim();
        var space = rest.IndexOf(' ');
        var number = space < 0 ? rest : rest.Slice(0, space);
        if (!TryParseNumber(number, out var parsed))
        {
            return false;
        }

        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        sample = new ExpositionSample(labels, LabelKey(labels), parsed);
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (text.SequenceEqual("+Inf") || text.SequenceEqual("Inf"))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.SequenceEqual("-Inf"))
        {
            value = double.NegativeInfinity;
            return true;
        }

        if (text.SequenceEqual("NaN"))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The identity of a label set: <c>name="value"</c> pairs (sorted by name), joined by commas.</summary>
    internal static string LabelKey(IReadOnlyList<KeyValuePair<string, string>> sortedLabels)
    {
        if (sortedLabels.Count == 0)
        {
            return string.Empty;
        }

        var key = new StringBuilder();
        foreach (var label in sortedLabels)
        {
            if (key.Length > 0)
            {
                key.Append(',');
            }

            key.Append(label.Key).Append("=\"").Append(label.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return key.ToString();
    }
}
