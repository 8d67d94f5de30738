using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Instrumentation.Funnel.Stores;

/// <summary>The PostgreSQL half of <see cref="SqlFunnelStore"/>: schema (with upgrade) and batched inserts.</summary>
public sealed partial class SqlFunnelStore
{
    // Any constant: serializes schema work of app instances starting at the same time.
    private const long SchemaLockKey = 0x66756e6e656c; // "funnel"

    private const string PostgresInsert =
        "INSERT INTO product_events (event_id, event_type, user_id, org_id, project_id, entity_id, once_per_entity, properties, created_at) "
        + "SELECT e, t, u, o, p, n, c, pr::jsonb, ts "
        + "FROM unnest(@e, @t, @u, @o, @p, @n, @c, @pr, @ts) WITH ORDINALITY AS x(e, t, u, o, p, n, c, pr, ts, ord) ORDER BY ord "
        + "ON CONFLICT DO NOTHING "
        + "RETURNING event_id, CASE WHEN once_per_entity THEN event_type END, CASE WHEN once_per_entity THEN entity_id END";

    private static async Task EnsurePostgresSchemaAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task<object?> Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        await Run("SELECT pg_advisory_xact_lock(" + SchemaLockKey + ")");
        await Run("CREATE TABLE IF NOT EXISTS product_events (id BIGSERIAL PRIMARY KEY, event_type TEXT NOT NULL, user_id TEXT NULL, org_id TEXT NULL, project_id TEXT NULL, entity_id TEXT NULL, "
            + "properties JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL, once_per_entity BOOLEAN NOT NULL DEFAULT FALSE, event_id UUID NULL)");

        // A table of the first layout: TEXT properties/created_at, no once_per_entity/event_id, and a unique
        // index over every row with an entity (then only once-per-entity events had one).
        await Run("ALTER TABLE product_events ADD COLUMN IF NOT EXISTS once_per_entity BOOLEAN NOT NULL DEFAULT FALSE");
        await Run("ALTER TABLE product_events ADD COLUMN IF NOT EXISTS event_id UUID NULL");
        if (await Run("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'product_events' AND column_name = 'properties'") is "text")
        {
            await Run("ALTER TABLE product_events ALTER COLUMN properties TYPE JSONB USING properties::jsonb");
        }

        if (await Run("SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'product_events' AND column_name = 'created_at'") is "text")
        {
            await Run("ALTER TABLE product_events ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz");
        }

        if (await Run("SELECT to_regclass('ux_product_events_once')::text") is string)
        {
            await Run("UPDATE product_events SET once_per_entity = TRUE WHERE entity_id IS NOT NULL");
            await Run("DROP INDEX ux_product_events_once");
        }

        await Run("CREATE UNIQUE INDEX IF NOT EXISTS ux_product_events_once_per_entity ON product_events (event_type, entity_id) WHERE once_per_entity");
        await Run("CREATE UNIQUE INDEX IF NOT EXISTS ux_product_events_event_id ON product_events (event_id) WHERE event_id IS NOT NULL");
        await Run("CREATE INDEX IF NOT EXISTS ix_product_events_type ON product_events (event_type, created_at)");
        await Run("CREATE INDEX IF NOT EXISTS ix_product_events_entity ON product_events (entity_id, event_type) WHERE entity_id IS NOT NULL");
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The whole batch in one round trip: arrays of column values, unnested in order.</summary>
    private static async Task<IReadOnlyList<bool>> WritePostgresAsync(NpgsqlDataSource source, IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        var ids = new Guid?[count];
        var types = new string[count];
        var users = new string?[count];
        var orgs = new string?[count];
        var projects = new string?[count];
        var entities = new string?[count];
        var once = new bool[count];
        var properties = new string[count];
        var created = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var item = batch[i];
            ids[i] = item.EventId;
            types[i] = item.EventType;
            users[i] = item.UserId;
            orgs[i] = item.OrgId;
            projects[i] = item.ProjectId;
            entities[i] = item.EntityId;
            once[i] = item.OncePerEntity && item.EntityId is not null;
            properties[i] = item.PropertiesJson;
            created[i] = item.CreatedAt.UtcDateTime;
        }

        await using var command = source.CreateCommand(PostgresInsert);
        command.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = types });
        command.Parameters.Add(new NpgsqlParameter("u", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = users });
        command.Parameters.Add(new NpgsqlParameter("o", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = orgs });
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = projects });
        command.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entities });
        command.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = once });
        command.Parameters.Add(new NpgsqlParameter("pr", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = properties });
        command.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = created });

        // One statement is its own transaction: the batch is stored entirely or not at all.
        var insertedIds = new HashSet<Guid>();
        var insertedKeys = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(0))
                {
                    insertedIds.Add(reader.GetGuid(0));
                }

                if (!reader.IsDBNull(1) && !reader.IsDBNull(2))
                {
                    insertedKeys.Add((reader.GetString(1), reader.GetString(2)));
                }
            }
        }

        var inserted = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var item = batch[i];
            if (item.EventId is { } id)
            {
                inserted[i] = insertedIds.Remove(id);
            }
            else if (once[i])
            {
                // Rows are inserted in batch order: the first row of a key wins, later ones were skipped.
                inserted[i] = insertedKeys.Remove((item.EventType, item.EntityId!));
            }
            else
            {
                inserted[i] = true;
            }
        }

        return inserted;
    }
}
