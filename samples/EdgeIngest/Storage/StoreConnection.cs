using System;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeIngest.Storage;

/// <summary>
/// Opens connections to the configured store: a SQLite file (the embedded default) or PostgreSQL when
/// <c>--db</c> is a connection string (<c>Host=...</c> or a <c>postgres://</c> URL).
/// </summary>
public sealed class StoreConnection : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private StoreConnection(NpgsqlDataSource? postgres, string? sqlite, string description)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        Description = description;
    }

    /// <summary>True when the store is PostgreSQL.</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary>What the store is, without secrets (for logs and the summary).</summary>
    public string Description { get; }

    /// <summary>Picks the provider from the <c>--db</c> value.</summary>
    public static StoreConnection Create(string db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("--db must be a SQLite file path or a PostgreSQL connection string.", nameof(db));
        }

        if (IsPostgresConnectionString(db))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            return new StoreConnection(NpgsqlDataSource.Create(db), null, "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database);
        }

        var sqlite = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new StoreConnection(null, sqlite, "SQLite " + System.IO.Path.GetFullPath(db));
    }

    /// <summary>
    /// The <c>--db</c> value fit to print: passwords in connection strings (<c>Password=</c>, <c>Pwd=</c>) and in
    /// <c>postgres://user:password@host</c> URLs replaced by <c>***</c>.
    /// </summary>
    public static string Mask(string db)
    {
        var masked = System.Text.RegularExpressions.Regex.Replace(db, "(?i)(password|pwd)(\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^;]*)", "$1$2***");
        return System.Text.RegularExpressions.Regex.Replace(masked, "(?i)^(postgres(?:ql)?://[^:/@]*:)([^@]*)(@)", "$1***$3");
    }

    /// <summary>True for <c>Host=...</c> style strings and <c>postgres://</c> / <c>postgresql://</c> URLs.</summary>
    public static bool IsPostgresConnectionString(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a connection (SQLite connections get WAL mode and a busy timeout).</summary>
    public async System.Threading.Tasks.ValueTask<DbConnection> OpenAsync(System.Threading.CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public void Dispose() => _postgres?.Dispose();
}
