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

    /// <summary>
    /// The log state of an exported event: <c>event.name</c>, the tenant ids and entity it carries, and the properties
    /// (JSON). An id the event does not carry is left out: exporters write a null attribute value as an empty one.
    /// </summary>
    private readonly struct EventState : IReadOnlyList<KeyValuePair<string, object?>>, Instrumentation.Logging.IPreparedLogFields
    {
        private const int Fields = 6;
        private readonly StoredFunnelEvent _event;
        private readonly int _present;

        public EventState(StoredFunnelEvent item)
        {
            _event = item;
            for (var i = 0; i < Fields; i++)
            {
                if (Field(item, i).Value is not null)
                {
                    _present |= 1 << i;
                    Count++;
                }
            }
        }

        public string EventName => _event.EventType;

        // The properties JSON is the stored row's, its values made safe by the writer's serializer: the OpenTelemetry
        // processor's scrubber, run over the JSON text, took an escape (a NUL written \u0000 before an '@') for part of
        // an address and wrote invalid JSON. The ids are processed as any other string.
        public bool IsPrepared(string key) => key == "properties";

        public int Count { get; }

        public KeyValuePair<string, object?> this[int index]
        {
            get
            {
                if ((uint)index < (uint)Count)
                {
                    for (var i = 0; i < Fields; i++)
                    {
                        if ((_present & (1 << i)) != 0 && index-- == 0)
                        {
                            return Field(_event, i);
                        }
                    }
                }

                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }

        private static KeyValuePair<string, object?> Field(StoredFunnelEvent item, int field) => field switch
        {
            0 => new("event.name", item.EventType),
            1 => new("org_id", item.OrgId),
            2 => new("project_id", item.ProjectId),
            3 => new("user_id", item.UserId),
            4 => new("entity_id", item.EntityId),
            _ => new("properties", item.PropertiesJson),
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
