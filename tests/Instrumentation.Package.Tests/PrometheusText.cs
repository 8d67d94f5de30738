using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Instrumentation.Package.Tests;

/// <summary>
/// A strict reading of a Prometheus text exposition (format 0.0.4) for assertions: the <c># TYPE</c> lines per family
/// and every sample as (name, labels) → value, keeping duplicates so that a test can see them.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<string> _typeLines = new();
    private readonly List<(string Name, string Labels, double Value)> _samples = new();

    public static PrometheusText Parse(string exposition)
    {
        var text = new PrometheusText();
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                text._typeLines.Add(line.Split(' ')[2]);
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = brace >= 0 ? line[(brace + 1)..line.LastIndexOf('}')] : string.Empty;
            var value = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            text._samples.Add((name, labels, value));
        }

        return text;
    }

    public int TypeLines(string family) => _typeLines.Count(name => name == family);

    public IReadOnlyList<string> DuplicateTypeLines() => _typeLines.GroupBy(name => name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    public IReadOnlyList<string> DuplicateSeries() =>
        _samples.GroupBy(sample => sample.Name + "{" + sample.Labels + "}").Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    /// <summary>The value of the one sample <paramref name="name"/>{<paramref name="labels"/>}.</summary>
    public double Value(string name, string labels)
    {
        var matches = _samples.Where(sample => sample.Name == name && sample.Labels == labels).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException(matches.Count + " samples " + name + "{" + labels + "} among:\n" + string.Join("\n", _samples.Select(s => s.Name + "{" + s.Labels + "} " + s.Value.ToString(CultureInfo.InvariantCulture))));
    }
}
