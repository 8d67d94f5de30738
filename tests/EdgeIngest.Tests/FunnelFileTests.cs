using System;
using System.IO;
using System.Threading.Tasks;
using EdgeIngest.Hosting;
using EdgeIngest.Storage;
using Instrumentation.Funnel.Stores;
using Instrumentation.TestServers;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// On SQLite the funnel's <c>product_events</c> lives in a file of its own next to <c>--db</c> (<see cref="FunnelLocation"/>):
/// every funnel transaction in the app's file made the app's connections drop their page cache (issue 18 §2). A file
/// of an earlier version, with the funnel table in it, keeps it there.
/// </summary>
public sealed class FunnelFileTests
{
    [Theory]
    [InlineData("/data/edgeingest.db", "/data/edgeingest.funnel.db")]
    [InlineData("edgeingest.db", "edgeingest.funnel.db")]
    [InlineData("/data/store", "/data/store.funnel")]
    [InlineData("/data/my.store.sqlite3", "/data/my.store.funnel.sqlite3")]
    public void The_funnel_file_is_named_after_the_app_file(string db, string expected) =>
        Assert.Equal(expected, FunnelLocation.SiblingFile(db));

    [Fact]
    public void PostgreSQL_keeps_the_funnel_in_the_same_database()
    {
        const string Db = "Host=127.0.0.1;Port=5432;Username=edge;Password=x;Database=edge";

        Assert.Equal(Db, FunnelLocation.Resolve(Db));
    }

    [Fact]
    public async Task The_funnel_file_wins_when_it_exists_the_apps_file_when_only_it_holds_the_table()
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-funnel-resolve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "app.db");
        try
        {
            // Neither file: the funnel file (the store creates it).
            Assert.Equal(FunnelLocation.SiblingFile(db), FunnelLocation.Resolve(db));
            Assert.False(File.Exists(db));

            // Only the app's file, with product_events (an earlier version's layout): the app's file.
            await using (var old = SqlFunnelStore.Open(db))
            {
                await old.EnsureSchemaAsync(default);
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(db, FunnelLocation.Resolve(db));

            // Once the funnel file exists it is the store, and the app's file is not opened to ask.
            File.WriteAllBytes(FunnelLocation.SiblingFile(db), Array.Empty<byte>());
            var before = Directory.GetFiles(directory);
            Assert.Equal(FunnelLocation.SiblingFile(db), FunnelLocation.Resolve(db));
            Assert.Equal(before, Directory.GetFiles(directory));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_SQLite_store_writes_its_funnel_events_to_the_funnel_file_and_none_to_the_app_file()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        await server.ProvisionAsync();
        Assert.True(await EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));

        var funnelFile = FunnelLocation.SiblingFile(server.DbPath);
        Assert.False(FunnelLocation.HasFunnelTable(server.DbPath));
        Assert.Equal(1, Count(funnelFile, "SELECT COUNT(*) FROM product_events WHERE event_type = 'OrgCreated'"));
        Assert.Equal(1, Count(server.DbPath, "SELECT COUNT(*) FROM orgs"));
        Assert.Equal(0, Count(funnelFile, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'orgs'"));
        Assert.Equal(1, await EdgeIngestResources.FunnelStore(server.App).CountAsync("OrgCreated", default));
    }

    [Fact]
    public async Task A_store_of_an_earlier_version_keeps_its_funnel_table_and_its_rows()
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeingest-funnel-file-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "old.db");
        try
        {
            // The layout before: product_events in the app's own file, with a row.
            await using (var old = SqlFunnelStore.Open(db))
            {
                await old.EnsureSchemaAsync(default);
                await old.WriteBatchAsync(new[] { new StoredFunnelEvent("OrgCreated", null, "org-old", null, "org-old", "{}", DateTimeOffset.UtcNow, OncePerEntity: true, EventId: Guid.NewGuid()) }, default);
            }

            SqliteConnection.ClearAllPools();
            await using (var server = await EdgeIngestServer.StartAsync(db: db))
            {
                await server.ProvisionAsync();
                Assert.True(await EdgeIngestResources.FunnelWriter(server.App).FlushAsync(TimeSpan.FromSeconds(10)));
            }

            Assert.Equal(2, Count(db, "SELECT COUNT(*) FROM product_events WHERE event_type = 'OrgCreated'"));
            Assert.False(File.Exists(FunnelLocation.SiblingFile(db)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("not a database", "'file is not a database'")]
    [InlineData("a folder", "'unable to open database file'")]
    public async Task A_funnel_file_that_cannot_be_opened_stops_the_start_naming_that_file(string kind, string reason)
    {
        var db = AppProcess.TempDb();
        var funnelFile = FunnelLocation.SiblingFile(db);
        if (kind == "a folder")
        {
            Directory.CreateDirectory(funnelFile);
        }
        else
        {
            File.WriteAllText(funnelFile, "these are not the pages of a SQLite database");
        }

        try
        {
            var run = await AppProcess.RunAsync(TimeSpan.FromSeconds(60), null, "--urls", "http://127.0.0.1:" + FreePort.Next(), "--db", db, "--duration", "2");

            Assert.Equal(3, run.ExitCode);
            Assert.StartsWith("error: cannot open the funnel store '" + funnelFile + "' (the funnel events of --db, kept next to it): ", run.Error, StringComparison.Ordinal);
            Assert.Contains(reason, run.Error, StringComparison.Ordinal);
            AppProcess.AssertNoStackTrace(run);
        }
        finally
        {
            if (Directory.Exists(funnelFile))
            {
                Directory.Delete(funnelFile);
            }

            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db)!, Path.GetFileName(db) + "*"))
            {
                File.Delete(file);
            }

            File.Delete(funnelFile);
        }
    }

    private static long Count(string file, string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + file + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
