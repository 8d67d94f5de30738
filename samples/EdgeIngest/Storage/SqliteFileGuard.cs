using System;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace EdgeIngest.Storage;

/// <summary>
/// Keeps EdgeIngest writing to the SQLite file that is at the configured path. Pooled connections hold the
/// file they opened: after the file (or its directory) is deleted they would keep "succeeding" on an unlinked
/// file, and after it is replaced they would write to the old one. Every open and every commit checks the
/// path: a missing file is a store outage (SQLITE_CANTOPEN, so <c>store_unavailable</c>), a different file
/// (another inode, <see cref="FileIdentity"/>) empties the pool so the next connections open the file now at the path.
/// </summary>
internal sealed class SqliteFileGuard
{
    private const int SqliteCantOpen = 14;
    private readonly string _path;
    private readonly string _connectionString;
    private long _identity;

    public SqliteFileGuard(string path, string connectionString)
    {
        _path = Path.GetFullPath(path);
        _connectionString = connectionString;
    }

    /// <summary>Records the file now at the path as the one in use (after the schema is created).</summary>
    public void Remember() => Interlocked.Exchange(ref _identity, FileIdentity.Of(_path) ?? 0);

    /// <summary>
    /// Throws a <see cref="SqliteException"/> when no file is at the path; empties the connection pool when the
    /// file there is not the one the pool opened.
    /// </summary>
    public void Check()
    {
        if (FileIdentity.Of(_path) is not { } identity)
        {
            throw new SqliteException("The SQLite file " + _path + " is gone (deleted, or its directory removed); nothing is written until it is back.", SqliteCantOpen);
        }

        var remembered = Interlocked.Read(ref _identity);
        if (identity != remembered && Interlocked.CompareExchange(ref _identity, identity, remembered) == remembered)
        {
            // A replaced file: connections in the pool still point to the old one.
            using var any = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(any);
        }
    }

    /// <summary>True when the file at the path is still the one the pool used: a commit to a vanished file is not durable.</summary>
    public bool StillInPlace() => FileIdentity.Of(_path) is { } identity && identity == Interlocked.Read(ref _identity);
}
