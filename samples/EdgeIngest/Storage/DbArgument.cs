using System;
using Instrumentation.Funnel.Stores;

namespace EdgeIngest.Storage;

/// <summary>
/// The <c>--db</c> value: a SQLite file path, a PostgreSQL key/value connection string (<c>Host=…;Username=…</c>)
/// or a PostgreSQL URL (<c>postgres://user:password@host:port/database?key=value</c>), which is turned into
/// the key/value form Npgsql reads.
/// </summary>
public static class DbArgument
{
    /// <summary>The value with a PostgreSQL URL rewritten as a key/value connection string; anything else unchanged.</summary>
    /// <exception cref="ArgumentException">The URL cannot be read (no host, a bad port, an unknown parameter).</exception>
    public static string Normalize(string db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return db;
        }

        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException("--db: '" + StoreConnection.Mask(db) + "' is not a postgres://user:password@host:port/database URL.");
        }

        try
        {
            // The SDK's reading of the URL (the funnel store reads the same values): its messages name the parameter,
            // never the URL or its password.
            return PostgresUrl.ToConnectionString(db);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException("--db: " + error.Message, error);
        }
    }
}
