using System;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeIngest.Storage;

/// <summary>
/// Opens connections to the configured store: a SQLite file (the embedded default) or PostgreSQL when
/// <c>--db</c> is a connection string (<c>Host=...</c> or a <c>postgres://</c> URL, see <see cref="DbArgument"/>).
/// </summary>
public sealed class StoreConnection : IDisposable
{
    /// <summary>How long a write waits for a busy store by default (SQLite busy timeout, PostgreSQL command timeout).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private readonly string? _sqliteCreate;
    private readonly SqliteFileGuard? _guard;

    private StoreConnection(NpgsqlDataSource? postgres, string? sqlite, string? sqliteCreate, SqliteFileGuard? guard, string description, TimeSpan timeout)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        _sqliteCreate = sqliteCreate;
        _guard = guard;
        Description = description;
        Timeout = timeout;
    }

    /// <summary>True when the store is PostgreSQL.</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary>What the store is, without secrets (for logs and the summary).</summary>
    public string Description { get; }

    /// <summary>How long one statement waits for a busy store before the write is refused as <c>store_unavailable</c>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Picks the provider from the <c>--db</c> value.</summary>
    public static StoreConnection Create(string db) => Create(db, DefaultTimeout);

    /// <summary>Picks the provider from the <c>--db</c> value; <paramref name="timeout"/> bounds how long a write waits for a busy store.</summary>
    public static StoreConnection Create(string db, TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException("--db must be a SQLite file path or a PostgreSQL connection string.", nameof(db));
        }

        db = DbArgument.Normalize(db);
        if (IsPostgresConnectionString(db))
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            if (!db.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase) && !db.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
            {
                builder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
            }

            return new StoreConnection(NpgsqlDataSource.Create(builder.ConnectionString), null, null, null, "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database, timeout);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        // After the first open the file must exist: a vanished file is an outage, not a new empty database.
        var sqlite = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true, DefaultTimeout = seconds, Mode = SqliteOpenMode.ReadWrite }.ToString();
        var create = new SqliteConnectionStringBuilder { DataSource = db, Pooling = false, DefaultTimeout = seconds, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        return new StoreConnection(null, sqlite, create, new SqliteFileGuard(db, sqlite), "SQLite " + System.IO.Path.GetFullPath(db), timeout);
    }

    /// <summary>
    /// The <c>--db</c> value fit to print: passwords in connection strings (<c>Password=</c>, <c>Pwd=</c>) and in
    /// <c>postgres://user:password@host</c> URLs replaced by <c>***</c>.
    /// </summary>
    public static string Mask(string db)
    {
        var masked = System.Text.RegularExpressions.Regex.Replace(db, "(?i)(password|pwd)(\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^;]*)", "$1$2***");

        // Up to the last '@' (a password may hold an unescaped '@': "postgres://edge:Top@Secret@host" printed "Secret"), and
        // anywhere in the text, not only at its start: a driver's message may quote the URL after words of its own.
        return System.Text.RegularExpressions.Regex.Replace(masked, "(?i)(postgres(?:ql)?://[^:/@\\s]*:)(\\S*)(@)", "$1***$3");
    }

    /// <summary>
    /// A driver's error <paramref name="message"/> about the store <paramref name="db"/>, fit to print: masked as
    /// <see cref="Mask"/> does, or, when it holds the password of <paramref name="db"/> in any case or URL encoding, not
    /// shown at all (<see cref="HiddenMessage"/>). Npgsql repeats a value it cannot read: funnel-report printed
    /// <c>Couldn't set postgres://edge:topsecret99@…</c> for a URL, lower-cased, which <see cref="Mask"/> cannot recognize.
    /// </summary>
    public static string MaskError(string db, string message) => RepeatsPassword(db, message) ? HiddenMessage : Mask(message);

    /// <summary>
    /// Whether <paramref name="message"/> holds the password of <paramref name="db"/> in any case or URL encoding. The app's
    /// own messages about --db (which show it through <see cref="Mask"/> already) need only this check: masking them again
    /// would turn their example "postgres://user:password@host" into "user:***@host".
    /// </summary>
    public static bool RepeatsPassword(string db, string message)
    {
        foreach (var password in Passwords(db))
        {
            foreach (var form in new[] { password, Uri.EscapeDataString(password), System.Net.WebUtility.UrlEncode(password) })
            {
                if (message.Contains(form, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>What is printed instead of a driver's message that repeats the password.</summary>
    public const string HiddenMessage =
        "the database driver's message is not shown because it repeats the password; check the form of --db (a SQLite file, "
        + "Host=HOST;Port=PORT;Username=USER;Password=PASSWORD;Database=DB, or postgres://USER:PASSWORD@HOST:PORT/DB?key=value)";

    /// <summary>Every spelling of the password <paramref name="db"/> may hold: as written, URL-decoded, and as Npgsql reads it.</summary>
    private static System.Collections.Generic.List<string> Passwords(string db)
    {
        var found = new System.Collections.Generic.List<string>();
        void Add(string value)
        {
            value = value.Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            foreach (var candidate in new[] { value, Uri.UnescapeDataString(value) })
            {
                if (!string.IsNullOrWhiteSpace(candidate) && !found.Contains(candidate))
                {
                    found.Add(candidate);
                }
            }
        }

        foreach (System.Text.RegularExpressions.Match url in System.Text.RegularExpressions.Regex.Matches(db, "(?i)postgres(?:ql)?://[^:/@\\s]*:(\\S*)@"))
        {
            Add(url.Groups[1].Value);
        }

        // Password=…/Pwd=… in a key/value string, and password=… in a URL's query (ended by '&' there).
        foreach (System.Text.RegularExpressions.Match pair in System.Text.RegularExpressions.Regex.Matches(db, "(?i)(?:password|pwd)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^;]*)"))
        {
            Add(pair.Groups[1].Value);
            Add(pair.Groups[1].Value.Split('&')[0]);
        }

        if (IsPostgresConnectionString(db))
        {
            try
            {
                if (new NpgsqlConnectionStringBuilder(DbArgument.Normalize(db)).Password is { } parsed)
                {
                    Add(parsed);
                }
            }
            catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException or InvalidOperationException)
            {
                // Not readable: the spellings above are all there is.
            }
        }

        return found;
    }

    /// <summary>True for <c>Host=...</c> style strings and <c>postgres://</c> / <c>postgresql://</c> URLs.</summary>
    public static bool IsPostgresConnectionString(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens a connection (SQLite connections get WAL mode and a busy timeout of <see cref="Timeout"/>). A SQLite
    /// file that is no longer at its path is a <see cref="SqliteException"/>; a replaced file is reopened.
    /// </summary>
    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => OpenAsync(Timeout, cancellationToken);

    /// <summary>Opens a connection whose SQLite busy timeout is <paramref name="busyTimeout"/> (the readiness probe waits less than a write).</summary>
    public async ValueTask<DbConnection> OpenAsync(TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        _guard!.Check();
        return await OpenSqliteAsync(_sqlite!, busyTimeout, cancellationToken);
    }

    /// <summary>Opens the connection that creates the schema (the SQLite file is created when missing).</summary>
    internal async ValueTask<DbConnection> OpenForSchemaAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = await OpenSqliteAsync(_sqliteCreate!, Timeout, cancellationToken);
        _guard!.Remember();
        return connection;
    }

    /// <summary>
    /// After a commit: throws when the SQLite file was removed or replaced meanwhile, because then the commit
    /// went to a file that is no longer the database (the batch is not acknowledged; the device resends).
    /// </summary>
    internal void ConfirmDurable()
    {
        if (_guard is not null && !_guard.StillInPlace())
        {
            throw new SqliteException("The SQLite file was removed or replaced while the batch was written; it is not acknowledged.", 14);
        }
    }

    public void Dispose() => _postgres?.Dispose();

    private static async ValueTask<DbConnection> OpenSqliteAsync(string connectionString, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout=" + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            // The driver retries a busy file for the command's timeout, and its BeginTransaction (BEGIN IMMEDIATE) for the
            // connection's DefaultTimeout — the connection string's store timeout, not busy_timeout: the readiness probe's
            // 1 s open waited 5 s on a locked file (a newcomer's trial: 5.6 s).
            var seconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
            pragma.CommandTimeout = seconds;
            connection.DefaultTimeout = seconds;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
