using System;
using System.Collections.Generic;
using Instrumentation.Funnel.Stores;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Funnel.Writing;

/// <summary>
/// Logs each inserted event as a log record whose <c>event.name</c> is the event name, so an
/// OpenTelemetry logging pipeline exports it. Events the store skipped (already recorded) are not logged.
/// </summary>
internal sealed class FunnelEventExporter
{
    private static readonly Func<EventState, Exception?, string> Format = static (state, _) => state.EventName;
    private readonly ILogger _events;

    public FunnelEventExporter(ILogger events) => _events = events;

    public void Export(StoredFunnelEvent item)
    {
        if (_events.IsEnabled(LogLevel.Information))
        {
            _events.Log(LogLevel.Information, new EventId(1, item.EventType), new EventState(item), null, Format);
        }
    }

    /// <summary>The log state of an exported event: <c>event.name</c>, tenant ids and the properties (JSON).</summary>
    private readonly struct EventState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly StoredFunnelEvent _event;

        public EventState(StoredFunnelEvent item) => _event = item;

        public string EventName => _event.EventType;

        public int Count => 6;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("event.name", _event.EventType),
            1 => new("org_id", _event.OrgId),
            2 => new("project_id", _event.ProjectId),
            3 => new("user_id", _event.UserId),
            4 => new("entity_id", _event.EntityId),
            5 => new("properties", _event.PropertiesJson),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
