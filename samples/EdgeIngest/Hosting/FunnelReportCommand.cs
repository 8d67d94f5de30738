using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.Funnel.Report;
using Instrumentation.Funnel.Stores;

namespace EdgeIngest.Hosting;

/// <summary>
/// <c>funnel-report --db PATH_OR_CONNSTRING --out DIR</c>: writes funnel-report.md and funnel.svg. <c>--db</c> is the
/// app's own value: for a SQLite file the funnel file next to it is read (<see cref="FunnelLocation"/>).
/// </summary>
public static class FunnelReportCommand
{
    public const string Usage = "EdgeIngest funnel-report --db PATH_OR_CONNSTRING --out DIR";

    public static async Task<int> RunAsync(string[] args)
    {
        string? db = null;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i] == "--db")
            {
                db = args[++i];
            }
            else if (i + 1 < args.Length && args[i] == "--out")
            {
                output = args[++i];
            }
            else
            {
                return UsageError("unknown or incomplete option '" + args[i] + "'");
            }
        }

        if (db is null || output is null)
        {
            return UsageError("--db and --out are required");
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            return UsageError("--out is empty; it takes the folder to write funnel-report.md and funnel.svg to");
        }

        // The app's own reading of --db (a postgres:// URL becomes Npgsql's key/value form): the same value works for
        // both, and fails the same way (exit 2, as the app's command line). Npgsql was given the URL as it was, and
        // refused it ("Format of the initialization string does not conform…", or its text with the password).
        string connection;
        try
        {
            connection = DbArgument.Normalize(db);
        }
        catch (ArgumentException error)
        {
            return UsageError(StoreConnection.RepeatsPassword(db, error.Message) ? StoreConnection.HiddenMessage : error.Message);
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            return UsageError("--db is empty; it takes a SQLite file path or a PostgreSQL connection string");
        }

        if (!StoreConnection.IsPostgresConnectionString(connection) && !System.IO.File.Exists(connection))
        {
            Console.Error.WriteLine("error: no SQLite file '" + db + "' (run EdgeIngest first, or pass a PostgreSQL connection string)");
            return 3;
        }

        // The app's SQLite file (--db edgeingest.db) keeps its funnel in edgeingest.funnel.db next to it, and the app
        // writes there whenever that file exists (FunnelLocation.Resolve): then it is read, and the app's own file is not
        // opened at all. Without it, the file named is read (one of an earlier version, or the funnel file itself).
        connection = FunnelLocation.ExistingFunnelFile(connection) ?? connection;

        SqlFunnelStore store;
        try
        {
            // Read-only: a report never changes the database it reads (it created the funnel schema in an empty file or
            // another app's database, and switched a SQLite file to WAL).
            store = SqlFunnelStore.OpenReadOnly(connection);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine("error: cannot open the funnel store '" + StoreConnection.Mask(db) + "': " + StoreConnection.MaskError(db, error.Message));
            return 3;
        }

        await using var owned = store;
        FunnelReportResult report;
        try
        {
            if (!await store.TableExistsAsync(default))
            {
                Console.Error.WriteLine("error: '" + StoreConnection.Mask(db) + "' is not an EdgeIngest funnel store (no product_events table)");
                return 3;
            }

            report = await FunnelReport.BuildAsync(store, default);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or FormatException or InvalidCastException or OverflowException or System.Text.Json.JsonException)
        {
            // Not a SQLite file, a table of another layout, rows it cannot read.
            Console.Error.WriteLine("error: cannot read the funnel store '" + StoreConnection.Mask(db) + "': " + StoreConnection.MaskError(db, error.Message));
            return 3;
        }

        return await WriteAsync(report, store.Description, output);
    }

    /// <summary>Writes "error: <paramref name="message"/>" and the usage to stderr; the command line's exit code, 2.</summary>
    private static int UsageError(string message)
    {
        Console.Error.WriteLine("error: " + message);
        Console.Error.WriteLine("usage: " + Usage);
        return 2;
    }

    /// <summary>
    /// Writes both files, or neither: an --out that cannot be written (a file, a path under a file, a read-only or virtual
    /// file system) is one line naming it and why, exit 2 as for any bad argument — it was an unhandled exception, exit 134.
    /// </summary>
    private static async Task<int> WriteAsync(FunnelReportResult report, string source, string output)
    {
        try
        {
            if (FileInTheWay(output) is { } file)
            {
                Console.Error.WriteLine("error: cannot write the funnel report to '" + output + "': '" + file + "' is a file; --out takes a folder (created when missing)");
                return 2;
            }

            var (markdown, chart) = await FunnelReport.WriteAsync(report, source, output, default);
            Console.WriteLine("funnel report: " + markdown);
            Console.WriteLine("funnel chart:  " + chart);
            return 0;
        }
        catch (Exception error) when (error is System.IO.IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            var reason = FolderInTheWay(output) is { } folder
                ? "'" + folder + "' is a folder; remove it or choose another --out"
                : error.Message.TrimEnd('.') + " (--out takes a folder this user can create and write)";
            Console.Error.WriteLine("error: cannot write the funnel report to '" + output + "': " + reason);
            return 2;
        }
    }

    /// <summary>The path itself, or the nearest existing folder above it, when that is a file (nothing can be created under it).</summary>
    private static string? FileInTheWay(string output)
    {
        for (var path = System.IO.Path.GetFullPath(output); !string.IsNullOrEmpty(path); path = System.IO.Path.GetDirectoryName(path))
        {
            if (System.IO.File.Exists(path))
            {
                return path;
            }

            if (System.IO.Directory.Exists(path))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>One of the report's files when it is a folder in <paramref name="output"/>.</summary>
    private static string? FolderInTheWay(string output) =>
        new[] { "funnel-report.md", "funnel.svg" }.Select(name => System.IO.Path.Combine(output, name)).FirstOrDefault(System.IO.Directory.Exists);
}
