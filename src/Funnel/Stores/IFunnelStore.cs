using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Instrumentation.Funnel.Stores;

/// <summary>A durable store of funnel events (the <c>product_events</c> table).</summary>
public interface IFunnelStore : IAsyncDisposable
{
    /// <summary>What the store is, without secrets (also names the writer's spill files).</summary>
    string Description { get; }

    /// <summary>Creates the table and indexes when missing (and upgrades a table of an older layout).</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a batch in one transaction: all or nothing. Rows that already exist are skipped — a
    /// once-per-entity event whose (event type, entity) is stored, or an event whose
    /// <see cref="StoredFunnelEvent.EventId"/> is stored — so a retried batch never duplicates anything.
    /// </summary>
    /// <returns>For each row of <paramref name="batch"/>, whether it was inserted (false: skipped as a duplicate).</returns>
    Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<StoredFunnelEvent> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="error"/>, thrown by <see cref="WriteBatchAsync"/>, means the store cannot take
    /// some row of the batch (<see cref="FunnelStoreFailure.InvalidData"/>: retrying the same rows can
    /// never succeed) or that the store is unavailable for now (<see cref="FunnelStoreFailure.Transient"/>).
    /// </summary>
    FunnelStoreFailure Classify(Exception error);

    /// <summary>When the entity's first event of <paramref name="eventType"/> happened, if one is stored.</summary>
    Task<DateTimeOffset?> FindCreatedAtAsync(string eventType, string entityId, CancellationToken cancellationToken);

    /// <summary>Every stored event of the given types (for reports), oldest first.</summary>
    Task<IReadOnlyList<StoredFunnelEvent>> ReadAsync(IReadOnlyCollection<string> eventTypes, CancellationToken cancellationToken);
}

/// <summary>Why a write failed, as far as retrying is concerned.</summary>
public enum FunnelStoreFailure
{
    /// <summary>The store is unavailable or busy (connection refused, timeout, lock): retry later with backoff.</summary>
    Transient,

    /// <summary>The store rejects the data of some row (invalid text, constraint): isolate and set aside that row.</summary>
    InvalidData,
}

/// <summary>A funnel event as stored: columns of <c>product_events</c>, properties as JSON.</summary>
/// <param name="EventType">The event name.</param>
/// <param name="UserId">The user, if any.</param>
/// <param name="OrgId">The organization, if any.</param>
/// <param name="ProjectId">The project, if any.</param>
/// <param name="EntityId">The entity the event is about, if any.</param>
/// <param name="PropertiesJson">The properties as a JSON object.</param>
/// <param name="CreatedAt">When the event happened.</param>
/// <param name="OncePerEntity">At most one row of this event type per <paramref name="EntityId"/>.</param>
/// <param name="EventId">A unique id that makes retried writes idempotent (null: no such protection).</param>
public sealed record StoredFunnelEvent(
    string EventType,
    string? UserId,
    string? OrgId,
    string? ProjectId,
    string? EntityId,
    string PropertiesJson,
    DateTimeOffset CreatedAt,
    bool OncePerEntity = false,
    Guid? EventId = null);
