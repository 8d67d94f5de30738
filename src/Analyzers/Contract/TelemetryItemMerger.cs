using System.Collections.Generic;
using System.Linq;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// One item per key from every declaration of it, as the generators merge them: a metric recorded by several operations
/// has the union of their label values (unknown if one does not know them, closed only if all are closed); a span, log
/// event or funnel event declared on several methods has the union of their attributes, fields or properties. The first
/// declaration (by file path, then position) is where the item is reported.
/// </summary>
internal static class TelemetryItemMerger
{
    public static List<DeclaredItem> Merge(IEnumerable<DeclaredItem> declarations)
    {
        var merged = new List<DeclaredItem>();
        foreach (var group in declarations.GroupBy(d => d.Item.Key, System.StringComparer.Ordinal).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            var ordered = group
                .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            var first = ordered[0].Item;
            var item = new TelemetryItem(first.Kind, first.Id)
            {
                Word = first.Word,
                Level = first.Level,
                Unit = first.Unit,
                Labels = first.Labels.ToList(),
                Names = first.Names.ToList(),
                OncePerEntity = first.OncePerEntity,
            };
            foreach (var other in ordered.Skip(1).Select(d => d.Item))
            {
                item.Names = item.Names.Union(other.Names, System.StringComparer.Ordinal).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
                item.OncePerEntity |= other.OncePerEntity;
                for (var i = 0; i < item.Labels.Count; i++)
                {
                    if (other.Label(item.Labels[i].Name) is { } more)
                    {
                        item.Labels[i] = MergeLabel(item.Labels[i], more);
                    }
                }
            }

            merged.Add(new DeclaredItem(item, ordered[0].Location));
        }

        return merged;
    }

    private static TelemetryLabel MergeLabel(TelemetryLabel current, TelemetryLabel other)
    {
        if (current.Kind == LabelValuesKind.Unknown || other.Kind == LabelValuesKind.Unknown)
        {
            return new TelemetryLabel(current.Name, LabelValuesKind.Unknown, new string[0]);
        }

        var kind = current.Kind == LabelValuesKind.Closed && other.Kind == LabelValuesKind.Closed ? LabelValuesKind.Closed : LabelValuesKind.Expected;
        return new TelemetryLabel(current.Name, kind, AttributeInstruments.NormalizeValues(current.Values.Concat(other.Values)));
    }
}
