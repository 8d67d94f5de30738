using System;
using System.Collections.Generic;
using Npgsql;

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

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var (key, value) in QueryPairs(uri.Query))
        {
            try
            {
                builder[KeyFor(key)] = value;
            }
            catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException)
            {
                // A known setting with a bad value (sslmode=bogus, connect_timeout=abc) was reported as an unknown setting
                // (an operator's trial): say which it is, and what Npgsql accepts.
                throw new ArgumentException(
                    IsKnownSetting(KeyFor(key))
                        ? "--db: the URL parameter '" + key + "' has a value Npgsql does not accept: " + error.Message
                        : "--db: the URL parameter '" + key + "' is not a PostgreSQL connection setting Npgsql knows.",
                    error);
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether Npgsql has a setting of that name (whatever value it was given).</summary>
    private static bool IsKnownSetting(string key)
    {
        try
        {
            // Npgsql refuses an unknown keyword by name, before any value is looked at.
            _ = new NpgsqlConnectionStringBuilder()[key];
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>libpq's lower-case parameter names that Npgsql spells differently.</summary>
    private static string KeyFor(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        "user" => "Username",
        "dbname" => "Database",
        _ => key,
    };

    private static IEnumerable<(string Key, string Value)> QueryPairs(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            yield return (key, value);
        }
    }
}
