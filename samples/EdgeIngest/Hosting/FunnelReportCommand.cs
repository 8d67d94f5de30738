using System;
using System.Threading.Tasks;
using Instrumentation.Funnel.Report;
using Instrumentation.Funnel.Stores;

namespace EdgeIngest.Hosting;

/// <summary><c>funnel-report --db PATH_OR_CONNSTRING --out DIR</c>: writes funnel-report.md and funnel.svg.</summary>
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
                Console.Error.WriteLine("error: unknown or incomplete option '" + args[i] + "'");
                Console.Error.WriteLine("usage: " + Usage);
                return 2;
            }
        }

        if (db is null || output is null)
        {
            Console.Error.WriteLine("error: --db and --out are required");
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        if (!StoreIsReachable(db))
        {
            Console.Error.WriteLine("error: no SQLite file '" + db + "' (run EdgeIngest first, or pass a PostgreSQL connection string)");
            return 3;
        }

        SqlFunnelStore store;
        try
        {
            store = SqlFunnelStore.Open(db);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine("error: cannot open the funnel store '" + EdgeIngest.Storage.StoreConnection.Mask(db) + "': " + EdgeIngest.Storage.StoreConnection.MaskError(db, error.Message));
            return 3;
        }

        await using var owned = store;
        try
        {
            await store.EnsureSchemaAsync(default);
            var (markdown, chart) = await FunnelReport.WriteAsync(store, output, default);
            Console.WriteLine("funnel report: " + markdown);
            Console.WriteLine("funnel chart:  " + chart);
            return 0;
        }
        catch (System.Data.Common.DbException error)
        {
            Console.Error.WriteLine("error: cannot read the funnel store '" + EdgeIngest.Storage.StoreConnection.Mask(db) + "': " + EdgeIngest.Storage.StoreConnection.MaskError(db, error.Message));
            return 3;
        }
    }

    private static bool StoreIsReachable(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || System.IO.File.Exists(db);
}
