using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Funnel.Report;
using Instrumentation.Funnel.Stores;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>A data set with known conversions gives exactly the expected report.</summary>
public sealed class ReportTests : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "report-" + Guid.NewGuid().ToString("N"));
    private readonly PostgresFixture _postgres;

    public ReportTests(PostgresFixture postgres)
    {
        _postgres = postgres;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task An_org_that_skips_a_step_is_not_counted_at_the_later_ones_so_no_step_converts_more_than_all()
    {
        // A newcomer's trial of EdgeIngest: "FirstDashboardWidget 14 (107.7%)" — orgs that built a widget before their
        // first device data counted at the widget step but not at the data step.
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var rows = new List<StoredFunnelEvent>();
        foreach (var (org, steps) in new[] { ("a", new[] { 0, 1, 2, 3 }), ("b", new[] { 0, 1, 3, 4 }), ("c", new[] { 0, 1, 3 }) })
        {
            rows.AddRange(steps.Select(step => new StoredFunnelEvent(FunnelReport.Steps[step], null, org, "p", null, "{}", at.AddHours(step))));
        }

        var store = SqlFunnelStore.Open(Path.Combine(_directory, "skips.db"));
        await store.EnsureSchemaAsync(default);
        await store.WriteBatchAsync(rows, default);

        var report = await FunnelReport.BuildAsync(store, default);

        Assert.Equal(new[] { 3, 3, 1, 1, 0 }, Assert.Single(report.Cohorts).Reached);
        Assert.Equal("33.3%", FunnelReport.Conversion(report.Totals, 2));
        Assert.Equal("100.0%", FunnelReport.Conversion(report.Totals, 3));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Known_data_gives_exact_conversions_percentiles_and_a_chart(string storeKind)
    {
        var week1 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);   // Monday
        var week2 = new DateTimeOffset(2026, 11, 11, 9, 0, 0, TimeSpan.Zero);  // Wednesday of the next week
        var rows = new List<StoredFunnelEvent>();
        void Org(string org, DateTimeOffset at, int steps)
        {
            for (var step = 0; step < steps; step++)
            {
                rows.Add(new StoredFunnelEvent(FunnelReport.Steps[step], null, org, "p", null, "{}", at.AddHours(step)));
            }
        }

        // Week 1: 10 orgs; 8 register a device, 6 send data, 3 build a widget, 2 see live data.
        var week1Steps = new[] { 5, 5, 4, 3, 3, 3, 2, 2, 1, 1 };
        for (var i = 0; i < 10; i++)
        {
            Org("w1-" + i, week1.AddDays(i % 6), week1Steps[i]);
        }

        // Week 2: 4 orgs; all register, 2 send data, none go further.
        for (var i = 0; i < 4; i++)
        {
            Org("w2-" + i, week2, i < 2 ? 3 : 2);
        }

        // Time to first data (s), nearest-rank P50 = 400, P90 = 30000.
        var seconds = new[] { 30.0, 120, 400, 1000, 4000, 30000, 90000, 200, 50, 700 };
        for (var i = 0; i < seconds.Length; i++)
        {
            rows.Add(new StoredFunnelEvent("FirstDeviceData", null, null, null, "dev-extra-" + i, "{\"time_since_registration_s\":" + seconds[i] + "}", week2, OncePerEntity: true, EventId: Guid.NewGuid()));
        }

        var store = SqlFunnelStore.Open(storeKind == "sqlite" ? Path.Combine(_directory, "events.db") : await _postgres.NewDatabaseAsync());
        await store.EnsureSchemaAsync(default);
        await store.WriteBatchAsync(rows, default);

        var report = await FunnelReport.BuildAsync(store, default);
        var (markdownPath, chartPath) = await FunnelReport.WriteAsync(store, _directory, default);

        Assert.Equal(2, report.Cohorts.Count);
        Assert.Equal(new DateOnly(2026, 11, 2), report.Cohorts[0].WeekStart);
        Assert.Equal(new[] { 10, 8, 6, 3, 2 }, report.Cohorts[0].Reached);
        Assert.Equal(new DateOnly(2026, 11, 9), report.Cohorts[1].WeekStart);
        Assert.Equal(new[] { 4, 4, 2, 0, 0 }, report.Cohorts[1].Reached);
        Assert.Equal(400, report.P50Seconds);
        Assert.Equal(30000, report.P90Seconds);
        Assert.Equal(new[] { 2, 2, 2, 1, 1, 1, 1 }, report.Histogram.Select(b => b.Count).ToArray());

        var markdown = await File.ReadAllTextAsync(markdownPath);
        Assert.Contains("| 2026-11-02 | 10 | 8 (80.0%) | 6 (75.0%) | 3 (50.0%) | 2 (66.7%) |", markdown);
        Assert.Contains("| 2026-11-09 | 4 | 4 (100.0%) | 2 (50.0%) | 0 (0.0%) | 0 (–) |", markdown);
        Assert.Contains("| **all** | 14 | 12 (85.7%) | 8 (66.7%) | 3 (37.5%) | 2 (66.7%) |", markdown);
        Assert.Contains("P50 6.7 min, P90 8.3 h", markdown);

        var svg = await File.ReadAllTextAsync(chartPath);
        Assert.StartsWith("<svg", svg);
        Assert.True(svg.Length > 2_000, "the chart has content");
        Assert.Equal(5 + 7 + 1, svg.Split("<rect").Length - 1);
        Assert.Contains("12 (85.7%)", svg);
        await store.DisposeAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_read_only_store_reads_what_the_writer_stored_and_never_writes(string storeKind)
    {
        // A report opens its store read-only: it created the funnel schema in whatever database it was pointed at.
        var db = storeKind == "sqlite" ? Path.Combine(_directory, "events.db") : await _postgres.NewDatabaseAsync();
        await using (var writer = SqlFunnelStore.Open(db))
        {
            await writer.EnsureSchemaAsync(default);
            await writer.WriteBatchAsync(new[] { new StoredFunnelEvent("OrgCreated", null, "org-1", null, "org-1", "{}", DateTimeOffset.UtcNow, OncePerEntity: true, EventId: Guid.NewGuid()) }, default);
        }

        await using var store = SqlFunnelStore.OpenReadOnly(db);

        Assert.True(await store.TableExistsAsync(default));
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, (await FunnelReport.BuildAsync(store, default)).Totals);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureSchemaAsync(default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteBatchAsync(new[] { new StoredFunnelEvent("OrgCreated", null, "org-2", null, null, "{}", DateTimeOffset.UtcNow) }, default));
        Assert.Equal(1, await store.CountAsync(null, default));
    }

    [Fact]
    public async Task A_read_only_store_never_creates_a_missing_sqlite_file()
    {
        var db = Path.Combine(_directory, "missing.db");
        await using var store = SqlFunnelStore.OpenReadOnly(db);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => store.TableExistsAsync(default));
        Assert.False(File.Exists(db));
    }
}
