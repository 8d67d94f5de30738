using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.Funnel.Stores;
using Instrumentation.TestServers;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// <c>funnel-report --db … --out …</c> run as the built app (real SQLite files, a real PostgreSQL on 127.0.0.1), on the
/// values a stranger's probe tried: what it prints, its exit code, and what it leaves behind.
/// </summary>
public sealed class FunnelReportCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeingest-funnel-report-" + Guid.NewGuid().ToString("N"));

    public FunnelReportCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("postgres://edge:TopSecret99@127.0.0.1:{port}/edge?sslmode=disable", "TopSecret99", 3, "error: cannot read the funnel store 'postgres://edge:***@127.0.0.1:{port}/edge?sslmode=disable': Failed to connect to 127.0.0.1:{port}")]
    [InlineData("postgresql://edge:TopSecret99@127.0.0.1:{port}/edge?sslmode=disable&connect_timeout=2", "TopSecret99", 3, "error: cannot read the funnel store 'postgresql://edge:***@127.0.0.1:{port}/edge?sslmode=disable&connect_timeout=2': Failed to connect")]
    [InlineData("postgres://edge:TopSecret99@127.0.0.1:{port}/edge", "TopSecret99", 3, "error: cannot read the funnel store 'postgres://edge:***@127.0.0.1:{port}/edge': Failed to connect")]
    [InlineData("postgres://edge:Top%2FSecret99@127.0.0.1:{port}/edge?application_name=report", "Secret99", 3, "error: cannot read the funnel store 'postgres://edge:***@127.0.0.1:{port}/edge?application_name=report': Failed to connect")]
    [InlineData("postgres://edge:Top@Secret99@127.0.0.1:{port}/edge?sslmode=disable", "Secret99", 2, "error: --db: 'postgres://edge:***@127.0.0.1:{port}/edge?sslmode=disable' is not a postgres://user:password@host:port/database URL.")]
    [InlineData("postgres://edge:TopSecret99@127.0.0.1:{port}/edge?sslmode=bogus", "TopSecret99", 2, "error: --db: the URL parameter 'sslmode' has a value Npgsql does not accept")]
    public async Task Funnel_report_never_prints_the_password_of_a_postgres_url(string url, string secret, int exitCode, string message)
    {
        // The probe: "Couldn't set postgres://edge:topsecret99@127.0.0.1:1/edge?sslmode (Parameter '…')", the password
        // lower-cased by Npgsql, which the mask (looking for the URL as written) let through.
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var db = url.Replace("{port}", port, StringComparison.Ordinal);

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", Path.Combine(_directory, "out"));

        Assert.Equal(exitCode, run.ExitCode);
        Assert.StartsWith(message.Replace("{port}", port, StringComparison.Ordinal), run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, run.Error + run.Output, StringComparison.OrdinalIgnoreCase);
        AppProcess.AssertNoStackTrace(run);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }

    [Fact]
    public async Task The_app_never_prints_the_part_of_a_password_after_an_unescaped_at_sign()
    {
        // The app's own start: its mask stopped at the first '@' and printed "postgres://edge:***@Secret99@…".
        var db = "postgres://edge:Top@Secret99@127.0.0.1:" + FreePort.Next() + "/edge?connect_timeout=2";

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "--urls", "http://127.0.0.1:" + FreePort.Next(), "--db", db);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error: --db: 'postgres://edge:***@127.0.0.1:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret99", run.Error + run.Output, StringComparison.OrdinalIgnoreCase);
        AppProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public void A_driver_message_repeating_the_password_in_any_case_or_encoding_is_not_printed()
    {
        var url = "postgres://edge:Top%2FSecret99@127.0.0.1:5432/edge?sslmode=disable";
        Assert.Equal(StoreConnection.HiddenMessage, StoreConnection.MaskError(url, "Couldn't set postgres://edge:top%2fsecret99@127.0.0.1:5432/edge?sslmode"));
        Assert.Equal(StoreConnection.HiddenMessage, StoreConnection.MaskError(url, "password TOP/SECRET99 was refused"));
        Assert.Equal(StoreConnection.HiddenMessage, StoreConnection.MaskError("Host=h;Username=edge;Password='Top Secret 99';Database=edge", "bad value: top secret 99"));
        Assert.Equal(StoreConnection.HiddenMessage, StoreConnection.MaskError("postgres://edge@h/edge?password=Top%20Secret&sslmode=disable", "top+secret"));

        // A message without the password keeps what it says (its URLs masked wherever they are).
        Assert.Equal("Failed to connect to 127.0.0.1:5432", StoreConnection.MaskError(url, "Failed to connect to 127.0.0.1:5432"));
        Assert.Equal("cannot read postgres://edge:***@h/edge", StoreConnection.MaskError("app.db", "cannot read postgres://edge:x@y@h/edge"));
    }

    [Theory]
    [InlineData("file", "'{dir}/file' is a file; --out takes a folder (created when missing)")]
    [InlineData("file/sub", "'{dir}/file' is a file; --out takes a folder (created when missing)")]
    [InlineData("/proc/edgeingest-funnel-report", "(--out takes a folder this user can create and write)")]
    [InlineData("chart-is-a-folder", "'{dir}/chart-is-a-folder/funnel.svg' is a folder; remove it or choose another --out")]
    public async Task Funnel_report_to_an_output_it_cannot_write_exits_2_naming_it_and_leaves_no_report(string output, string reason)
    {
        // The probe: an unhandled IOException with its stack trace, exit 134.
        var db = await FunnelStoreAsync();
        File.WriteAllText(Path.Combine(_directory, "file"), "not a folder");
        Directory.CreateDirectory(Path.Combine(_directory, "chart-is-a-folder", "funnel.svg"));
        var path = output.StartsWith('/') ? output : Path.Combine(_directory, output);

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: cannot write the funnel report to '" + path + "': ", run.Error, StringComparison.Ordinal);
        Assert.Contains(reason.Replace("{dir}", _directory, StringComparison.Ordinal), run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        AppProcess.AssertNoStackTrace(run);
        Assert.Equal("not a folder", File.ReadAllText(Path.Combine(_directory, "file")));
        Assert.Empty(Directory.GetFiles(_directory, "funnel-report.md", SearchOption.AllDirectories));
        Assert.False(Directory.Exists("/proc/edgeingest-funnel-report"));
    }

    [Fact]
    public async Task Funnel_report_with_an_empty_output_exits_2_with_the_usage()
    {
        var db = await FunnelStoreAsync();

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", string.Empty);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --out is empty; it takes the folder to write funnel-report.md and funnel.svg to", run.Error, StringComparison.Ordinal);
        AppProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Funnel_report_writes_both_files_for_a_funnel_store()
    {
        var db = await FunnelStoreAsync();
        var output = Path.Combine(_directory, "report");

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", output);

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error);
        Assert.Contains("| **all** | 2 | 1 (50.0%) | 0 (0.0%) |", File.ReadAllText(Path.Combine(output, "funnel-report.md")), StringComparison.Ordinal);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(output, "funnel.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_report_given_the_apps_SQLite_file_reads_the_funnel_file_next_to_it()
    {
        // The app's file (WAL, no product_events of its own) and its funnel file, as EdgeIngest leaves them.
        await FunnelStoreAsync("edge.funnel.db");
        var db = Path.Combine(_directory, "edge.db");
        await using (var app = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db + ";Pooling=False"))
        {
            await app.OpenAsync();
            await using var create = app.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE orgs (org_id TEXT PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }

        var output = Path.Combine(_directory, "report");
        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", output);

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error);
        var markdown = File.ReadAllText(Path.Combine(output, "funnel-report.md"));
        Assert.Contains("| **all** | 2 | 1 (50.0%) | 0 (0.0%) |", markdown, StringComparison.Ordinal);
        Assert.Contains("edge.funnel.db", markdown, StringComparison.Ordinal);
        // The app's file is not opened: no -wal/-shm companions appear next to it (a newcomer found them after a report).
        Assert.False(File.Exists(db + "-wal"));
        Assert.False(File.Exists(db + "-shm"));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("another app's")]
    public async Task Funnel_report_on_a_database_without_the_funnel_table_exits_3_and_leaves_it_byte_identical(string kind)
    {
        // The probe: the report created product_events and its indexes in the file and printed an all-zero report, exit 0.
        var db = Path.Combine(_directory, "other.db");
        if (kind == "empty")
        {
            File.WriteAllBytes(db, Array.Empty<byte>());
        }
        else
        {
            await using var connection = new SqliteConnection("Data Source=" + db + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "create table t(x); insert into t values (1)";
            await command.ExecuteNonQueryAsync();
        }

        var before = File.ReadAllBytes(db);

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", Path.Combine(_directory, "out"));

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("error: '" + db + "' is not an EdgeIngest funnel store (no product_events table)", run.Error.TrimEnd());
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Equal(new[] { db }, Directory.GetFiles(_directory));
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }

    [Fact]
    public async Task Funnel_report_reads_a_funnel_store_without_changing_a_byte_of_it()
    {
        // A store in SQLite's default rollback journal (a copy, a backup): the report switched it to WAL, a header write.
        var db = await FunnelStoreAsync();
        await using (var connection = new SqliteConnection("Data Source=" + db + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=DELETE";
            await command.ExecuteNonQueryAsync();
        }

        var before = File.ReadAllBytes(db);

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", db, "--out", Path.Combine(_directory, "report"));

        Assert.True(run.ExitCode == 0, "exit " + run.ExitCode + ": " + run.Error);
        Assert.Contains("| **all** | 2 | 1 (50.0%) |", File.ReadAllText(Path.Combine(_directory, "report", "funnel-report.md")), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.False(File.Exists(db + "-wal"));
    }

    [Fact]
    public async Task Funnel_report_on_a_postgres_database_without_the_funnel_table_exits_3_and_creates_nothing()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("not_funnel");

        var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", connectionString, "--out", Path.Combine(_directory, "out"));

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("error: '" + connectionString + "' is not an EdgeIngest funnel store (no product_events table)", run.Error.TrimEnd());
        await using var connection = new Npgsql.NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM pg_class WHERE relname LIKE '%product_events%'", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }

    [Fact]
    public async Task Funnel_report_reads_the_postgres_urls_the_app_reads()
    {
        // The probe: funnel-report handed a postgres:// URL to Npgsql as it was ("Format of the initialization string does
        // not conform…"), although the app takes it and the README says --db takes the same values.
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("funnel_url");
        await using (var store = Instrumentation.Funnel.Stores.SqlFunnelStore.Open(connectionString))
        {
            await store.EnsureSchemaAsync(default);
            await store.WriteBatchAsync(FunnelRows(), default);
        }

        foreach (var url in new[]
        {
            "postgres://postgres:TopSecret99@127.0.0.1:" + postgres.Port + "/funnel_url?sslmode=disable",
            "postgresql://postgres@127.0.0.1:" + postgres.Port + "/funnel_url?connect_timeout=5&application_name=funnel-report",
        })
        {
            var output = Path.Combine(_directory, "report-" + Guid.NewGuid().ToString("N"));

            var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "funnel-report", "--db", url, "--out", output);

            Assert.True(run.ExitCode == 0, url + ": exit " + run.ExitCode + ": " + run.Error);
            var markdown = File.ReadAllText(Path.Combine(output, "funnel-report.md"));
            Assert.Contains("Source: PostgreSQL 127.0.0.1:" + postgres.Port + "/funnel_url.", markdown, StringComparison.Ordinal);
            Assert.Contains("| **all** | 2 | 1 (50.0%) | 0 (0.0%) |", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("TopSecret99", run.Output + run.Error + markdown, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A SQLite funnel store as the app leaves it: two orgs created, one with a device.</summary>
    private async Task<string> FunnelStoreAsync(string name = "funnel.db")
    {
        var path = Path.Combine(_directory, name);
        await using var store = SqlFunnelStore.Open(path);
        await store.EnsureSchemaAsync(default);
        await store.WriteBatchAsync(FunnelRows(), default);
        return path;
    }

    private static StoredFunnelEvent[] FunnelRows()
    {
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        return new[]
        {
            new StoredFunnelEvent("OrgCreated", null, "org-1", null, "org-1", "{}", at, OncePerEntity: true, EventId: Guid.NewGuid()),
            new StoredFunnelEvent("OrgCreated", null, "org-2", null, "org-2", "{}", at.AddHours(1), OncePerEntity: true, EventId: Guid.NewGuid()),
            new StoredFunnelEvent("DeviceRegistered", null, "org-1", "p-1", "device-1", "{}", at.AddHours(2), EventId: Guid.NewGuid()),
        };
    }
}
