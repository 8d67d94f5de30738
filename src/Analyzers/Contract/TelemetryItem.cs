using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Instrumentation.Analyzers.Contract;

/// <summary>The four kinds of telemetry the contract lists, by their line keyword.</summary>
internal enum TelemetryItemKind
{
    Metric,
    Span,
    Log,
    Funnel,
}

/// <summary>What a metric label's values are known to be.</summary>
internal enum LabelValuesKind
{
    /// <summary>Any value (tenant org/project): written as the bare name.</summary>
    Unknown,

    /// <summary>Exactly these values (enum, bool, bounded strings, with the fallbacks): <c>name={a|b}</c>.</summary>
    Closed,

    /// <summary>These values are expected, others may occur (failure reasons): <c>name~{a|b}</c>.</summary>
    Expected,
}

/// <summary>One metric label with its values.</summary>
internal sealed class TelemetryLabel
{
    public TelemetryLabel(string name, LabelValuesKind kind, IEnumerable<string> values)
    {
        Name = name;
        Kind = kind;
        Values = kind == LabelValuesKind.Unknown ? new List<string>() : values.Distinct(System.StringComparer.Ordinal).ToList();
    }

    public string Name { get; }

    public LabelValuesKind Kind { get; }

    public IReadOnlyList<string> Values { get; }

    public string Format() => Kind switch
    {
        LabelValuesKind.Closed => Name + "={" + string.Join("|", Values.Select(Escape)) + "}",
        LabelValuesKind.Expected => Name + "~{" + string.Join("|", Values.Select(Escape)) + "}",
        _ => Name,
    };

    /// <summary>
    /// A value as a line writes it: the characters the line's own syntax uses (<c>| { } , =</c>, white space) and <c>%</c>
    /// are percent-encoded (<c>x|y</c> → <c>x%7Cy</c>), so that a value holding one is one value, read back as written.
    /// Before, <c>x|y</c> was written as is and read back as two values <c>x</c> and <c>y</c>: removing it from the code was
    /// reported as removing <c>x</c> and <c>y</c>, or not at all (a newcomer's trial).
    /// </summary>
    internal static string Escape(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '%' or '|' or '{' or '}' or ',' or '=' or '~' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value <see cref="Escape"/> wrote (a <c>%</c> not followed by two hex digits stays as it is).</summary>
    internal static string Unescape(string text)
    {
        if (text.IndexOf('%') < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && int.TryParse(text.Substring(i + 1, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}

/// <summary>
/// One item of the telemetry contract, as a line of <c>Telemetry.Shipped.txt</c> / <c>Telemetry.Unshipped.txt</c> and as
/// the analyzer computes it from the attributes:
/// <code>
/// metric &lt;name&gt; &lt;counter|histogram|upDownCounter|gauge&gt; unit=&lt;unit&gt; labels=&lt;label&gt;,&lt;label&gt;={v1|v2},&lt;label&gt;~{v1|v2}
/// span &lt;name&gt; &lt;ingest|broadcast|flow|flowNode|operation&gt; attributes=&lt;a&gt;,&lt;b&gt;
/// log &lt;category&gt;:&lt;event id&gt; &lt;event name&gt; &lt;level&gt; fields=&lt;a&gt;,&lt;b&gt;
/// funnel &lt;name&gt; properties=&lt;a&gt;,&lt;b&gt; [once-per-entity]
/// </code>
/// The identity (<see cref="Key"/>) is the keyword and the first word: the metric, span or funnel-event name, the log
/// event's category (declaring type) and id — the identity rules of docs/telemetry-catalog.md.
/// </summary>
internal sealed class TelemetryItem
{
    public TelemetryItem(TelemetryItemKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    public TelemetryItemKind Kind { get; }

    /// <summary>The metric, span or funnel-event name, or the log event's <c>category:id</c>.</summary>
    public string Id { get; }

    /// <summary>Metric: the instrument kind; span: the operation kind; log: the event name.</summary>
    public string Word { get; set; } = string.Empty;

    /// <summary>Log: the level.</summary>
    public string Level { get; set; } = string.Empty;

    /// <summary>Metric: the unit.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Metric labels, sorted by name.</summary>
    public List<TelemetryLabel> Labels { get; set; } = new();

    /// <summary>Span attributes, log fields or funnel properties, sorted and distinct.</summary>
    public List<string> Names { get; set; } = new();

    /// <summary>Funnel: emitted once per entity.</summary>
    public bool OncePerEntity { get; set; }

    public string Keyword => Keywords[(int)Kind];

    public string Key => Keyword + " " + Id;

    internal static readonly string[] Keywords = { "metric", "span", "log", "funnel" };

    internal static readonly string[] ListNames = { "labels", "attributes", "fields", "properties" };

    public string Format()
    {
        var line = new StringBuilder(Key);
        switch (Kind)
        {
            case TelemetryItemKind.Metric:
                line.Append(' ').Append(Word).Append(" unit=").Append(Unit).Append(" labels=")
                    .Append(string.Join(",", Labels.OrderBy(l => l.Name, System.StringComparer.Ordinal).Select(l => l.Format())));
                break;
            case TelemetryItemKind.Span:
                line.Append(' ').Append(Word).Append(" attributes=").Append(Join(Names));
                break;
            case TelemetryItemKind.Log:
                line.Append(' ').Append(Word).Append(' ').Append(Level).Append(" fields=").Append(Join(Names));
                break;
            default:
                line.Append(" properties=").Append(Join(Names));
                if (OncePerEntity)
                {
                    line.Append(" once-per-entity");
                }

                break;
        }

        return line.ToString();
    }

    public TelemetryLabel? Label(string name) => Labels.FirstOrDefault(l => l.Name == name);

    /// <summary>
    /// A name as the line writes it: <c>contact[PersonalData]</c> when the value is classified (the classification
    /// attribute's name without <c>Attribute</c>), the bare name otherwise.
    /// </summary>
    public static string Classified(string name, string? classification) =>
        classification is null ? name : name + "[" + classification + "]";

    /// <summary>The name and the classification (null when unclassified) of an entry <see cref="Classified"/> wrote.</summary>
    public static (string Name, string? Classification) SplitClassified(string entry)
    {
        var open = entry.IndexOf('[');
        return open > 0 && entry[entry.Length - 1] == ']'
            ? (entry.Substring(0, open), entry.Substring(open + 1, entry.Length - open - 2))
            : (entry, null);
    }

    /// <summary>
    /// Whether this line, as recorded, says what <paramref name="current"/> says. A line written before classifications
    /// were part of the contract (no name of it carries one) is compared without them, so that updating the SDK reports
    /// nothing on the files a team already has; a line that carries any is compared as it is.
    /// </summary>
    public bool Records(TelemetryItem current)
    {
        var line = current.Format();
        if (Format() == line)
        {
            return true;
        }

        return Kind != TelemetryItemKind.Metric && !Names.Any(n => SplitClassified(n).Classification is not null)
            && Format() == current.WithoutClassifications().Format();
    }

    /// <summary>A copy whose names carry no classification.</summary>
    public TelemetryItem WithoutClassifications() => new(Kind, Id)
    {
        Word = Word,
        Level = Level,
        Unit = Unit,
        Labels = Labels,
        Names = Names.Select(n => SplitClassified(n).Name).ToList(),
        OncePerEntity = OncePerEntity,
    };

    private static string Join(IEnumerable<string> names) =>
        string.Join(",", names.Distinct(System.StringComparer.Ordinal).OrderBy(n => n, System.StringComparer.Ordinal));
}
