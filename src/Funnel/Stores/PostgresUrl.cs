using System;
using System.Collections.Generic;
using Npgsql;

namespace Instrumentation.Funnel.Stores;

/// <summary>
/// PostgreSQL URLs (<c>postgres://user:password@host:port/database?sslmode=require</c>, <c>postgresql://</c> too), which
/// Npgsql does not read, turned into the key/value connection string it does. <see cref="SqlFunnelStore.Open(string)"/>
/// and <c>UsePostgres</c> accept either form through it. No error of this class repeats the URL or its password.
/// </summary>
public static class PostgresUrl
{
    /// <summary>Whether <paramref name="value"/> is written as a PostgreSQL URL (<c>postgres://</c> or <c>postgresql://</c>).</summary>
    /// <param name="value">A connection string, URL or file path.</param>
    public static bool IsUrl(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The key/value connection string of a PostgreSQL URL: user and password (percent-decoded), host, port, database, and
    /// each query parameter as the Npgsql setting of that name (libpq's <c>sslmode</c>, <c>connect_timeout</c>,
    /// <c>application_name</c>, <c>user</c> and <c>dbname</c> under Npgsql's names).
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="ArgumentException">
    /// Not a URL with a host, a parameter Npgsql does not know, or a value it does not accept; the message names the
    /// parameter, never the URL.
    /// </exception>
    public static string ToConnectionString(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException("The value is not a postgres://user:password@host:port/database URL (it is left out of this message: it can hold a password).");
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
                // A known setting with a bad value (sslmode=bogus) is told apart from an unknown one.
                throw new ArgumentException(
                    IsKnownSetting(KeyFor(key))
                        ? "the URL parameter '" + key + "' has a value Npgsql does not accept: " + error.Message
                        : "the URL parameter '" + key + "' is not a PostgreSQL connection setting Npgsql knows.");
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
