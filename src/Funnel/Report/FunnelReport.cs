using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;

namespace Instrumentation.Funnel.Report;

/// <summary>One weekly cohort: orgs created that week and how many reached each step.</summary>
public sealed record CohortRow(DateOnly WeekStart, IReadOnlyList<int> Reached);

/// <summary>One bar of the time-to-first-device-data histogram.</summary>
public sealed record HistogramBucket(string Label, double FromSeconds, double ToSeconds, int Count);

/// <summary>The funnel report: conversion per weekly cohort and time to first device data.</summary>
public sealed record FunnelReportResult(
    IReadOnlyList<string> Steps,
    IReadOnlyList<CohortRow> Cohorts,
    IReadOnlyList<int> Totals,
    int TimeToFirstDataSamples,
    double? P50Seconds,
    double? P90Seconds,
    IReadOnlyList<HistogramBucket> Histogram);

/// <summary>
/// Builds the activation funnel (OrgCreated → DeviceRegistered → FirstDeviceData → FirstDashboardWidget →
/// FirstLiveWidgetData) from either store: orgs are grouped in weekly cohorts (UTC weeks starting
/// Monday) by the time of their OrgCreated event; a step counts the orgs of the cohort with at least
/// one event of that type and of every step before it (so a step never converts more than 100 %).
/// </summary>
public static class FunnelReport
{
    /// <summary>The funnel steps, in order.</summary>
    public static readonly IReadOnlyList<string> Steps = new[] { "OrgCreated", "DeviceRegistered", "FirstDeviceData", "FirstDashboardWidget", "FirstLiveWidgetData" };

    /// <summary>The property of FirstDeviceData holding seconds since the device registered.</summary>
    public const string TimeToFirstDataProperty = "time_since_registration_s";

    private static readonly (string Label, double From, double To)[] Buckets =
    {
        ("< 1 min", 0, 60), ("1–5 min", 60, 300), ("5–15 min", 300, 900), ("15–60 min", 900, 3600),
        ("1–6 h", 3600, 21600), ("6–24 h", 21600, 86400), ("> 24 h", 86400, double.PositiveInfinity),
    };

    /// <summary>Reads the events and computes the report.</summary>
    public static async Task<FunnelReportResult> BuildAsync(IFunnelStore store, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(Steps.ToArray(), cancellationToken);
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var item in events.Where(e => e.EventType == Steps[0] && e.OrgId is not null))
        {
            if (!created.ContainsKey(item.OrgId!))
            {
                created[item.OrgId!] = item.CreatedAt;
            }
        }

        var reachedBy = Steps.ToDictionary(s => s, s => new HashSet<string>(events.Where(e => e.EventType == s && e.OrgId is not null).Select(e => e.OrgId!), StringComparer.Ordinal));
        var cohorts = created
            .GroupBy(pair => WeekStart(pair.Value))
            .OrderBy(group => group.Key)
            .Select(group => new CohortRow(group.Key, Steps.Select((_, step) => group.Count(pair => ReachedAll(reachedBy, step, pair.Key))).ToList()))
            .ToList();
        var totals = Steps.Select((_, i) => cohorts.Sum(c => c.Reached[i])).ToList();

        var seconds = new List<double>();
        foreach (var item in events.Where(e => e.EventType == "FirstDeviceData"))
        {
            using var document = JsonDocument.Parse(item.PropertiesJson);
            if (document.RootElement.TryGetProperty(TimeToFirstDataProperty, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                seconds.Add(value.GetDouble());
            }
        }

        seconds.Sort();
        var histogram = Buckets.Select(b => new HistogramBucket(b.Label, b.From, b.To, seconds.Count(s => s >= b.From && s < b.To))).ToList();
        return new FunnelReportResult(Steps, cohorts, totals, seconds.Count, Percentile(seconds, 50), Percentile(seconds, 90), histogram);
    }

    /// <summary>
    /// Whether <paramref name="org"/> reached step <paramref name="step"/> and every step before it: a funnel counts an org
    /// at a step only when it came through the earlier ones, so no step converts more than 100 % of the one before (an org
    /// that built a dashboard widget before its first device data counted at the widget step but not at the data step,
    /// and EdgeIngest's report showed "FirstDashboardWidget 14 (107.7%)" in a newcomer's trial).
    /// </summary>
    private static bool ReachedAll(Dictionary<string, HashSet<string>> reachedBy, int step, string org)
    {
        for (var i = 0; i <= step; i++)
        {
            if (!reachedBy[Steps[i]].Contains(org))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the store and writes <c>funnel-report.md</c> and <c>funnel.svg</c> to <paramref name="directory"/> (created when
    /// missing); returns the paths. The store is read before anything is written; writing is as in
    /// <see cref="WriteAsync(FunnelReportResult, string, string, CancellationToken)"/>.
    /// </summary>
    public static async Task<(string Markdown, string Chart)> WriteAsync(IFunnelStore store, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var report = await BuildAsync(store, cancellationToken);
        return await WriteAsync(report, store.Description, directory, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="report"/> as <c>funnel-report.md</c> (its source line naming <paramref name="source"/>) and
    /// <c>funnel.svg</c> to <paramref name="directory"/>, created when missing; returns the paths. Both files or neither:
    /// when a write fails (the path is a file, a folder that cannot be written, a full disk…), the file this call was
    /// writing and the one it wrote are deleted, and so is the folder when this call created it, before the exception
    /// (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>…) is thrown.
    /// </summary>
    public static async Task<(string Markdown, string Chart)> WriteAsync(FunnelReportResult report, string source, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var markdown = Path.Combine(directory, "funnel-report.md");
        var chart = Path.Combine(directory, "funnel.svg");
        var files = new[] { (Path: markdown, Text: ToMarkdown(report, source)), (Path: chart, Text: FunnelChart.ToSvg(report)) };
        var created = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        var touched = 0;
        try
        {
            foreach (var (path, text) in files)
            {
                touched++;
                await File.WriteAllTextAsync(path, text, cancellationToken);
            }
        }
        catch
        {
            // A half-written report (the markdown without its chart) would read as a complete one.
            for (var i = 0; i < touched; i++)
            {
                TryDelete(() => File.Delete(files[i].Path));
            }

            if (created)
            {
                TryDelete(() => Directory.Delete(directory));
            }

            throw;
        }

        return (markdown, chart);
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Not there, not a file, or not ours to delete: the write's own exception is what the caller needs.
        }
    }

    /// <summary>The nearest-rank percentile of sorted values, or null without values.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The report as markdown tables.</summary>
    public static string ToMarkdown(FunnelReportResult report, string source)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine("# Activation funnel");
        w.WriteLine();
        w.WriteLine("Source: " + source + ". Cohorts: orgs by the UTC week (starting Monday) of their OrgCreated event; each step counts the cohort's orgs that reached it, with the conversion from the previous step.");
        w.WriteLine();
        w.WriteLine("| cohort (week of) | " + string.Join(" | ", report.Steps) + " |");
        w.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", report.Steps.Count)));
        foreach (var cohort in report.Cohorts)
        {
            w.WriteLine("| " + cohort.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " | " + Cells(cohort.Reached) + " |");
        }

        w.WriteLine("| **all** | " + Cells(report.Totals) + " |");
        w.WriteLine();
        w.WriteLine("## Time to first device data");
        w.WriteLine();
        w.WriteLine(report.TimeToFirstDataSamples == 0
            ? "No FirstDeviceData events with " + TimeToFirstDataProperty + " yet."
            : "Devices: " + report.TimeToFirstDataSamples + ", P50 " + Duration(report.P50Seconds!.Value) + ", P90 " + Duration(report.P90Seconds!.Value) + ".");
        w.WriteLine();
        w.WriteLine("| time from registration to first data | devices |");
        w.WriteLine("|---|---:|");
        foreach (var bucket in report.Histogram)
        {
            w.WriteLine("| " + bucket.Label + " | " + bucket.Count + " |");
        }

        w.WriteLine();
        w.WriteLine("![funnel](funnel.svg)");
        return w.ToString();
    }

    /// <summary>Conversion from the previous step, in percent (100 for the first step).</summary>
    public static string Conversion(IReadOnlyList<int> reached, int step) =>
        step == 0 ? "100.0%" : reached[step - 1] == 0 ? "–" : (100.0 * reached[step] / reached[step - 1]).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Seconds as a short human duration.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        < 3600 => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
    };

    private static string Cells(IReadOnlyList<int> reached) =>
        string.Join(" | ", reached.Select((count, i) => i == 0 ? count.ToString(CultureInfo.InvariantCulture) : count + " (" + Conversion(reached, i) + ")"));

    private static DateOnly WeekStart(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(instant.UtcDateTime);
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-offset);
    }
}
