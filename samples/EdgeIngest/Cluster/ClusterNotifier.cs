using System;
using System.Data.Common;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Storage;

namespace EdgeIngest.Cluster;

/// <summary>
/// Sends <see cref="ClusterMessage"/>s with <c>pg_notify</c> on the connection (and transaction) of the write they
/// describe: PostgreSQL delivers a notification only when its transaction commits, and delivers the
/// notifications of different transactions in commit order, so every instance sees stored batches in the
/// order they were stored. A payload too large for <c>NOTIFY</c> (8000 bytes) is written to
/// <c>cluster_payloads</c> in the same transaction and the notification carries its id.
/// </summary>
public static class ClusterNotifier
{
    /// <summary>The channel every instance listens on.</summary>
    public const string Channel = "edgeingest_cluster";

    /// <summary>Payloads up to this many UTF-8 bytes travel inside the notification (PostgreSQL refuses 8000 and more).</summary>
    public const int MaxInlinePayloadBytes = 7_900;

    /// <summary>Creates the table for large payloads (PostgreSQL only).</summary>
    internal const string PayloadTable = "CREATE TABLE IF NOT EXISTS cluster_payloads (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())";

    /// <summary>Notifies inside <paramref name="transaction"/> (or at once without one).</summary>
    public static async Task NotifyAsync(DbConnection connection, DbTransaction? transaction, ClusterMessage message, CancellationToken cancellationToken)
    {
        var payload = message.Serialize();
        if (Encoding.UTF8.GetByteCount(payload) > MaxInlinePayloadBytes)
        {
            await using var insert = Sql.Command(connection, transaction, "INSERT INTO cluster_payloads (body) VALUES (@body) RETURNING id", ("@body", payload));
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            payload = new ClusterMessage { PayloadRef = id }.Serialize();
        }

        await Sql.ExecuteAsync(connection, transaction, "SELECT pg_notify('" + Channel + "', @payload)", cancellationToken, ("@payload", payload));
    }
}
