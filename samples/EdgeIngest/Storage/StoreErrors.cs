using System.Data.Common;

namespace EdgeIngest.Storage;

/// <summary>Tells a value the store refuses (bad input: do not resend) from a store that is down or busy (resend later).</summary>
internal static class StoreErrors
{
    /// <summary>
    /// True for PostgreSQL's data exceptions (SQLSTATE class 22: 22021 a NUL or invalid character, 22P05
    /// untranslatable, 22001 too long, …): the same frame fails again, so it is refused as bad input.
    /// </summary>
    public static bool IsBadValue(DbException error) =>
        error.SqlState is { Length: 5 } state && state.StartsWith("22", System.StringComparison.Ordinal);
}
