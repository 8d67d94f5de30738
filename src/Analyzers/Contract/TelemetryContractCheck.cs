using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// Compares the items of the compilation with the two telemetry files, like PublicApiAnalyzers compares the public API
/// with PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt: breaking changes to shipped items (INS0401–INS0409), items in
/// neither file (INS0400, see <see cref="NotDeclared"/>), items that differ from their line (INS0411), unshipped lines that match nothing (INS0410) and
/// lines that cannot be read (INS0412).
/// </summary>
internal static class TelemetryContractCheck
{
    /// <summary>Property: the line the code fix writes to Telemetry.Unshipped.txt.</summary>
    public const string LineProperty = "TelemetryLine";

    /// <summary>Property: the item's key (keyword and id); the code fix replaces the unshipped line with this key.</summary>
    public const string KeyProperty = "TelemetryKey";

    public static void Report(TelemetryFile shipped, TelemetryFile? unshipped, IEnumerable<DeclaredItem> declarations, Action<Diagnostic> report)
    {
        var shippedLines = Index(shipped, report);
        var unshippedLines = unshipped is null ? new Dictionary<string, TelemetryLine>() : Index(unshipped, report);
        var items = TelemetryItemMerger.Merge(declarations);
        var current = new HashSet<string>(items.Select(i => i.Item.Key), StringComparer.Ordinal);

        foreach (var declared in items)
        {
            var item = declared.Item;
            unshippedLines.TryGetValue(item.Key, out var unshippedLine);
            var matchesUnshipped = unshippedLine?.Item?.Records(item) == true;
            if (shippedLines.TryGetValue(item.Key, out var shippedLine))
            {
                // An unshipped line replaces the shipped line of its item: it must match the code too. One left behind (a change
                // reverted, or a line written by hand) passed silently and would have been copied into the shipped file at the
                // next release (a newcomer's trial).
                var breaking = Breaking(item, shippedLine.Item!, declared.Location, report);
                if (!breaking && (unshippedLine is not null ? !matchesUnshipped : !shippedLine.Item!.Records(item)))
                {
                    report(Fixable(ContractDiagnostics.LineOutdated, declared.Location, item, Noun(item.Kind), item.Id, unshippedLine is null ? TelemetryFile.ShippedName : TelemetryFile.UnshippedName));
                }
            }
            else if (unshippedLine is not null && !matchesUnshipped)
            {
                report(Fixable(ContractDiagnostics.LineOutdated, declared.Location, item, Noun(item.Kind), item.Id, TelemetryFile.UnshippedName));
            }
        }

        foreach (var pair in shippedLines.Where(p => !current.Contains(p.Key)))
        {
            var item = pair.Value.Item!;
            var descriptor = item.Kind switch
            {
                TelemetryItemKind.Metric => ContractDiagnostics.MetricRemoved,
                TelemetryItemKind.Span => ContractDiagnostics.SpanRemoved,
                TelemetryItemKind.Log => ContractDiagnostics.LogEventRemoved,
                _ => ContractDiagnostics.FunnelEventRemoved,
            };
            report(item.Kind == TelemetryItemKind.Log
                ? Diagnostic.Create(descriptor, pair.Value.Location, item.Id, item.Word)
                : Diagnostic.Create(descriptor, pair.Value.Location, item.Id));
        }

        foreach (var pair in unshippedLines.Where(p => !current.Contains(p.Key)))
        {
            report(Diagnostic.Create(ContractDiagnostics.UnshippedUnmatched, pair.Value.Location, pair.Value.Text));
        }
    }

    /// <summary>INS0400 for one declaration whose key is in neither file (reported by the symbol action, see <see cref="TelemetryContractAnalyzer"/>).</summary>
    public static Diagnostic NotDeclared(DeclaredItem declared) =>
        Fixable(ContractDiagnostics.NotDeclared, declared.Location, declared.Item, Noun(declared.Item.Kind), declared.Item.Id);

    /// <summary>The keys of every readable line of both files.</summary>
    public static HashSet<string> Keys(TelemetryFile shipped, TelemetryFile? unshipped) =>
        new(shipped.Lines.Concat(unshipped?.Lines ?? Enumerable.Empty<TelemetryLine>()).Where(l => l.Item is not null).Select(l => l.Item!.Key), StringComparer.Ordinal);

    /// <summary>Reports the breaking differences of <paramref name="item"/> from its shipped line; true when there is one.</summary>
    private static bool Breaking(TelemetryItem item, TelemetryItem shipped, Location location, Action<Diagnostic> report)
    {
        var found = false;
        void Report(DiagnosticDescriptor descriptor, params object[] arguments)
        {
            found = true;
            report(Diagnostic.Create(descriptor, location, arguments));
        }

        switch (item.Kind)
        {
            case TelemetryItemKind.Metric:
                if (!string.Equals(item.Word, shipped.Word, StringComparison.OrdinalIgnoreCase))
                {
                    Report(ContractDiagnostics.MetricKindChanged, item.Id, item.Word, shipped.Word);
                }

                if (item.Unit != shipped.Unit)
                {
                    Report(ContractDiagnostics.MetricUnitChanged, item.Id, item.Unit, shipped.Unit);
                }

                var added = item.Labels.Select(l => l.Name).Except(shipped.Labels.Select(l => l.Name), StringComparer.Ordinal).ToList();
                var removed = shipped.Labels.Select(l => l.Name).Except(item.Labels.Select(l => l.Name), StringComparer.Ordinal).ToList();
                if (added.Count > 0 || removed.Count > 0)
                {
                    var parts = new List<string>();
                    if (added.Count > 0)
                    {
                        parts.Add("added " + string.Join(", ", added.Select(n => "'" + n + "'")));
                    }

                    if (removed.Count > 0)
                    {
                        parts.Add("removed " + string.Join(", ", removed.Select(n => "'" + n + "'")));
                    }

                    Report(ContractDiagnostics.MetricLabelsChanged, item.Id, string.Join("; ", parts));
                }

                foreach (var was in shipped.Labels.Where(l => l.Kind == LabelValuesKind.Closed))
                {
                    if (item.Label(was.Name) is { Kind: LabelValuesKind.Closed } now)
                    {
                        var lost = was.Values.Except(now.Values, StringComparer.Ordinal).ToList();
                        if (lost.Count > 0)
                        {
                            Report(ContractDiagnostics.LabelValuesNarrowed, item.Id, was.Name, string.Join(", ", lost.Select(v => "'" + v + "'")));
                        }
                    }
                }

                break;
            case TelemetryItemKind.Log when item.Word != shipped.Word:
                Report(ContractDiagnostics.LogEventRenamed, item.Id, item.Word, shipped.Word);
                break;
        }

        if (item.Kind != TelemetryItemKind.Metric)
        {
            foreach (var (name, was) in shipped.Names.Select(TelemetryItem.SplitClassified).Where(n => n.Classification is not null))
            {
                // A name no longer there is a removed field (not breaking, INS0411); one there without the shipped
                // classification sends its values in clear, or redacted otherwise, where they were redacted.
                var now = item.Names.Select(TelemetryItem.SplitClassified).Where(n => n.Name == name).ToList();
                if (now.Count > 0 && !now.Any(n => n.Classification == was))
                {
                    var current = now.Select(n => n.Classification).FirstOrDefault(c => c is not null);
                    Report(ContractDiagnostics.ClassificationChanged, Noun(item.Kind).ToLowerInvariant(), item.Id, name, was!, current is null ? "unclassified" : "classified " + current);
                }
            }
        }

        return found;
    }

    /// <summary>The readable lines of a file by key; unreadable and repeated lines are reported (INS0412).</summary>
    private static Dictionary<string, TelemetryLine> Index(TelemetryFile file, Action<Diagnostic> report)
    {
        var lines = new Dictionary<string, TelemetryLine>(StringComparer.Ordinal);
        var name = System.IO.Path.GetFileName(file.Path);
        foreach (var line in file.Lines)
        {
            if (line.Item is null)
            {
                report(Diagnostic.Create(ContractDiagnostics.InvalidLine, line.Location, name, line.Error));
            }
            else if (lines.ContainsKey(line.Item.Key))
            {
                report(Diagnostic.Create(ContractDiagnostics.InvalidLine, line.Location, name, "'" + line.Item.Key + "' is listed twice"));
            }
            else
            {
                lines.Add(line.Item.Key, line);
            }
        }

        return lines;
    }

    private static Diagnostic Fixable(DiagnosticDescriptor descriptor, Location location, TelemetryItem item, params object[] arguments) =>
        Diagnostic.Create(
            descriptor,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(LineProperty, item.Format()).Add(KeyProperty, item.Key),
            arguments);

    private static string Noun(TelemetryItemKind kind) => kind switch
    {
        TelemetryItemKind.Metric => "Metric",
        TelemetryItemKind.Span => "Span",
        TelemetryItemKind.Log => "Log event",
        _ => "Funnel event",
    };
}
