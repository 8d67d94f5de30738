using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.Funnel.Stores;

/// <summary>A durable store of funnel events (the <c>product_events</c> table).</summary>
public interface IFunnelStore : IAsyncDisposable
{
    /// <summary>What the store is, without secrets.</summary>
    string Description { get; }

    /// <summary>Creates the table and indexes when missing.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a batch in one transaction: all or nothing. Once-per-entity events that already exist are
    /// skipped (unique key + idempotent insert), so a retried batch never duplicates them.
    /// </summary>
    Task WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken);

    /// <summary>When the entity's event of <paramref name="eventType"/> happened, if it is stored.</summary>
    Task<DateTimeOffset?> FindCreatedAtAsync(string eventType, string entityId, CancellationToken cancellationToken);

    /// <summary>Every stored event of the given types (for reports), oldest first.</summary>
    Task<IReadOnlyList<StoredFunnelEvent>> ReadAsync(IReadOnlyCollection<string> eventTypes, CancellationToken cancellationToken);
}

/// <summary>A funnel event as stored: columns of <c>product_events</c>, properties as JSON.</summary>
public sealed record StoredFunnelEvent(
    string EventType,
    string? UserId,
    string? OrgId,
    string? ProjectId,
    string? EntityId,
    string PropertiesJson,
    DateTimeOffset CreatedAt);
