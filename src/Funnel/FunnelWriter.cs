using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Funnel;

/// <summary>
/// The background writer: drains the <see cref="FunnelEventBuffer"/> in batches into an
/// <see cref="IFunnelStore"/>, retries with backoff while the store is down (the buffer stays bounded and
/// nothing reaches the app), logs every stored event as a log record whose <c>event.name</c> is the
/// event name (so an OpenTelemetry logging pipeline exports it), and flushes everything on shutdown.
/// </summary>
public sealed class FunnelWriter : IAsyncDisposable
{
    /// <summary>The logger category of exported events.</summary>
    public const string LogCategory = "Instrumentation.Funnel.Events";

    private const int BatchSize = 500;
    private static readonly Func<EventState, Exception?, string> Format = static (state, _) => state.EventName;
    private readonly IFunnelStore _store;
    private readonly FunnelEventBuffer _buffer;
    private readonly ILogger _events;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _written;
    private long _failures;

    private FunnelWriter(IFunnelStore store, FunnelEventBuffer buffer, ILoggerFactory? loggerFactory)
    {
        _store = store;
        _buffer = buffer;
        _events = loggerFactory?.CreateLogger(LogCategory) ?? NullLogger.Instance;
        _log = loggerFactory?.CreateLogger(typeof(FunnelWriter).FullName!) ?? NullLogger.Instance;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Events stored so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Failed write attempts (each retried).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failures);

    /// <summary>The buffer generated code enqueues into.</summary>
    public FunnelEventBuffer Buffer => _buffer;

    /// <summary>Creates the schema, installs the buffer for generated code, and starts writing.</summary>
    public static async Task<FunnelWriter> StartAsync(IFunnelStore store, FunnelEventBuffer? buffer = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.EnsureSchemaAsync(cancellationToken);
        var writer = new FunnelWriter(store, buffer ?? new FunnelEventBuffer(), loggerFactory);
        FunnelEvents.Install(writer._buffer);
        return writer;
    }

    /// <summary>Waits until every event enqueued so far is stored (or the timeout passes); true when drained.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_buffer.Count > 0)
        {
            if (DateTime.UtcNow > deadline || _loop.IsCompleted)
            {
                return _buffer.Count == 0;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>Stops accepting events, writes everything left (up to 30 s), and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ReferenceEquals(FunnelEvents.Buffer, _buffer))
        {
            FunnelEvents.Install(null);
        }

        var drained = await FlushAsync(TimeSpan.FromSeconds(30));
        if (!drained)
        {
            _log.LogError("Funnel writer stopped with {Count} events not stored: the store is unavailable", _buffer.Count);
        }

        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<FunnelEvent>(BatchSize);
        var stored = new List<StoredFunnelEvent>(BatchSize);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!_stop.IsCancellationRequested)
        {
            if (!_buffer.WaitForItems(TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            var count = _buffer.Peek(batch, BatchSize);
            try
            {
                stored.Clear();
                foreach (var item in batch)
                {
                    stored.Add(await ToStoredAsync(item, batch));
                }

                await _store.WriteBatchAsync(stored, CancellationToken.None);
                _buffer.Remove(count);
                Interlocked.Add(ref _written, count);
                backoff = TimeSpan.FromMilliseconds(100);
                Export(stored);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Interlocked.Increment(ref _failures);
                _log.LogWarning("Funnel store write failed ({Message}); retrying in {Delay} ms with {Count} events buffered", error.Message, backoff.TotalMilliseconds, _buffer.Count);
                try
                {
                    await Task.Delay(backoff, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    private async Task<StoredFunnelEvent> ToStoredAsync(FunnelEvent item, List<FunnelEvent> batch)
    {
        double? since = null;
        if (item.SinceProperty is not null && item.SinceEvent is not null && item.EntityId is not null)
        {
            DateTimeOffset? start = null;
            foreach (var other in batch)
            {
                if (other.EventType == item.SinceEvent && other.EntityId == item.EntityId)
                {
                    start = other.CreatedAt;
                    break;
                }
            }

            start ??= await _store.FindCreatedAtAsync(item.SinceEvent, item.EntityId, CancellationToken.None);
            if (start is { } from)
            {
                since = Math.Max(0, Math.Round((item.CreatedAt - from).TotalSeconds, 3));
            }
        }

        return new StoredFunnelEvent(item.EventType, item.UserId, item.OrgId, item.ProjectId, item.OncePerEntity ? item.EntityId : null, Json(item, since), item.CreatedAt);
    }

    private static string Json(FunnelEvent item, double? since)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            item.Properties.ForEach((name, value) =>
            {
                switch (value)
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case string text:
                        json.WriteString(name, text);
                        break;
                    case bool flag:
                        json.WriteBoolean(name, flag);
                        break;
                    case double number:
                        json.WriteNumber(name, number);
                        break;
                }
            });
            if (item.SinceProperty is not null)
            {
                if (since is { } seconds)
                {
                    json.WriteNumber(item.SinceProperty, seconds);
                }
                else
                {
                    json.WriteNull(item.SinceProperty);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Export(List<StoredFunnelEvent> stored)
    {
        if (!_events.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var item in stored)
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
