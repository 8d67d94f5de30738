using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace EdgeIngest.Storage;

/// <summary>
/// Where the funnel store (<c>product_events</c>) lives for a <c>--db</c> value. On PostgreSQL: the same database. On
/// SQLite: a file of its own next to the app's, <c>edgeingest.db</c> → <c>edgeingest.funnel.db</c>, because every funnel
/// transaction in the app's file makes the app's connections drop their page cache and fills the WAL they share
/// (about 4 % of the server's CPU per message with a flow per message, docs/performance-e2e.md). A file made by an
/// earlier version, with <c>product_events</c> in it, keeps its funnel there: nothing is moved, nothing is lost.
/// </summary>
public static class FunnelLocation
{
    /// <summary>The funnel file next to the SQLite file <paramref name="sqlitePath"/>: its name with <c>.funnel</c> before the extension.</summary>
    public static string SiblingFile(string sqlitePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlitePath);
        var directory = Path.GetDirectoryName(sqlitePath);
        var name = Path.GetFileNameWithoutExtension(sqlitePath) + ".funnel" + Path.GetExtension(sqlitePath);
        return string.IsNullOrEmpty(directory) ? name : Path.Combine(directory, name);
    }

    /// <summary>
    /// The funnel store for the app's store <paramref name="db"/> (normalized, <see cref="DbArgument.Normalize"/>): the
    /// same value on PostgreSQL; on SQLite <see cref="SiblingFile"/> when it exists, else the app's file when it already
    /// holds <c>product_events</c> (a file of an earlier version), else <see cref="SiblingFile"/> (created by the store).
    /// The funnel file is looked for first, so with it in place the app's file is not even opened to ask.
    /// </summary>
    public static string Resolve(string db) =>
        StoreConnection.IsPostgresConnectionString(db) || (ExistingFunnelFile(db) is null && HasFunnelTable(db)) ? db : SiblingFile(db);

    /// <summary>
    /// The funnel file next to the SQLite file <paramref name="db"/> when it exists (the app writes there, see
    /// <see cref="Resolve"/>), else null — also on PostgreSQL. Only checks that the file is there: nothing is opened.
    /// </summary>
    public static string? ExistingFunnelFile(string db) =>
        !StoreConnection.IsPostgresConnectionString(db) && File.Exists(SiblingFile(db)) ? SiblingFile(db) : null;

    /// <summary>
    /// Whether the SQLite file <paramref name="sqlitePath"/> exists and has a <c>product_events</c> table. Read only: a
    /// missing file is not created, and a file that cannot be read counts as having none.
    /// </summary>
    public static bool HasFunnelTable(string sqlitePath)
    {
        if (!File.Exists(sqlitePath))
        {
            return false;
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'product_events'";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
