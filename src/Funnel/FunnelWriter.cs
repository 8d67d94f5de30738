using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Instrumentation.Funnel.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Funnel;

/// <summary>
/// The background writer: drains the <see cref="FunnelEventBuffer"/> in batches into an
/// <see cref="IFunnelStore"/> and logs every inserted event as a log record whose <c>event.name</c> is the
/// event name (so an OpenTelemetry logging pipeline exports it). Nothing it does throws into the app.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Store unavailable (connection refused, timeout, lock): the batch is retried with exponential
/// backoff; events wait in the bounded buffer (see <see cref="FunnelOverflowPolicy"/>).</item>
/// <item>Store rejects some row (invalid data): the batch is split in halves until the rejected rows
/// are isolated; they go to the dead-letter file (<c>funnel_events_dead_lettered_total</c>) and the
/// rest is stored. An event that cannot even be serialized goes there too.</item>
/// <item>Every row has a unique event id, so a batch retried after an ambiguous failure is not duplicated.</item>
/// <item>Shutdown (<see cref="DisposeAsync"/>) writes everything buffered, for up to
/// <see cref="FunnelWriterOptions.ShutdownFlushTimeout"/>; what the store still cannot take is saved to a
/// spill file and written by the next writer started on the same store.</item>
/// <item>Once-per-entity events whose key the store confirmed are remembered in a bounded cache, so
/// repeats are dropped at enqueue; the store's unique key stays the source of truth across instances.</item>
/// </list>
/// </remarks>
public sealed class FunnelWriter : IAsyncDisposable
{
    /// <summary>The logger category of exported events.</summary>
    public const string LogCategory = "Instrumentation.Funnel.Events";

    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private readonly IFunnelStore _store;
    private readonly FunnelEventBuffer _buffer;
    private readonly FunnelWriterOptions _options;
    private readonly FunnelEventExporter _exporter;
    private readonly FunnelSpillFiles _files;
    private readonly FunnelReplay _replay;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PendingFunnelEvent> _inflight = new();
    private readonly List<FunnelEvent> _peeked = new();
    private readonly Task _loop;
    private int _inflightFromBuffer;
    private int _disposed;
    private int _flushRequests;
    private long _lastWriteTimestamp;
    private long _written;
    private long _skipped;
    private long _failures;
    private long _deadLettered;
    private long _spilled;
    private long _lost;
    private long _waits;
    private volatile bool _schemaReady;

    private FunnelWriter(IFunnelStore store, FunnelEventBuffer buffer, FunnelWriterOptions options, ILoggerFactory? loggerFactory, bool schemaReady)
    {
        _store = store;
        _schemaReady = schemaReady;
        _buffer = buffer;
        _options = options;
        FunnelWriterMetrics.EnsureCreated();
        _exporter = new FunnelEventExporter(loggerFactory?.CreateLogger(LogCategory) ?? NullLogger.Instance);
        _log = loggerFactory?.CreateLogger(typeof(FunnelWriter).FullName!) ?? NullLogger.Instance;
        _files = new FunnelSpillFiles(options.SpillDirectory, store.Description);
        if (_files.WriteProblem() is { } problem)
        {
            // Said at start, while the setting can still be changed: at shutdown the events would already be lost.
            _log.LogWarning("FunnelWriterOptions.SpillDirectory {Directory} cannot be written ({Message}): events the store has not taken at shutdown would be lost. Set SpillDirectory to a writable folder (a volume, in a container with a read-only file system)", _files.Directory, problem);
        }

        _replay = new FunnelReplay(ClaimSpills());
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Events inserted into the store so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Once-per-entity events not inserted because the entity already had one (in the store or the same batch).</summary>
    public long SkippedDuplicates => Interlocked.Read(ref _skipped);

    /// <summary>Failed write attempts (each retried).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failures);

    /// <summary>Events set aside in the dead-letter file because the store rejects them or they cannot be serialized.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Events saved to the spill file at shutdown (written by the next writer on the same store).</summary>
    public long Spilled => Interlocked.Read(ref _spilled);

    /// <summary>Events lost because neither the store nor a local file could take them.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>The buffer generated code enqueues into.</summary>
    public FunnelEventBuffer Buffer => _buffer;

    /// <summary>The dead-letter file (JSON lines; may not exist).</summary>
    public string DeadLetterPath => _files.DeadLetterPath;

    /// <summary>The directory of the spill and dead-letter files.</summary>
    public string SpillDirectory => _files.Directory;

    /// <summary>
    /// Creates the schema, installs the buffer for generated code, replays any spill file left by an
    /// earlier writer on the same store, and starts writing.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="options">Batching, retry, shutdown and spill settings (and the buffer's, when <paramref name="buffer"/> is null); null for the defaults.</param>
    /// <param name="loggerFactory">Where the writer logs and exports events as log records.</param>
    /// <param name="buffer">The buffer to drain; null creates one from <paramref name="options"/>.</param>
    /// <param name="cancellationToken">Cancels the schema creation.</param>
    public static async Task<FunnelWriter> StartAsync(IFunnelStore store, FunnelWriterOptions? options = null, ILoggerFactory? loggerFactory = null, FunnelEventBuffer? buffer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new FunnelWriterOptions();
        options.Validate();
        await store.EnsureSchemaAsync(cancellationToken);
        buffer ??= new FunnelEventBuffer(options.BufferCapacity, options.OverflowPolicy, options.OverflowWait);
        var writer = new FunnelWriter(store, buffer, options, loggerFactory, schemaReady: true);
        FunnelEvents.Install(buffer);
        return writer;
    }

    /// <summary>
    /// Starts writing to a store that could not be reached yet (the hosted service's start when
    /// <see cref="StartAsync"/> failed): the schema is created before the first write, retried with the writes' backoff;
    /// meanwhile events wait in the bounded buffer, and what is still unstored at shutdown is spilled as usual.
    /// </summary>
    internal static FunnelWriter StartWithSchemaPending(IFunnelStore store, FunnelWriterOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        var buffer = new FunnelEventBuffer(options.BufferCapacity, options.OverflowPolicy, options.OverflowWait);
        var writer = new FunnelWriter(store, buffer, options, loggerFactory, schemaReady: false);
        FunnelEvents.Install(buffer);
        return writer;
    }

    /// <summary>Waits until every event enqueued so far (and every replayed one) is stored or set aside, or the timeout passes; true when drained.</summary>
    public Task<bool> FlushAsync(TimeSpan timeout) => FlushUntilAsync(timeout, untilFailuresPass: null);

    /// <summary>
    /// <see cref="FlushAsync(TimeSpan)"/>; with <paramref name="untilFailuresPass"/>, it also stops waiting once a write
    /// has failed after that count of failed attempts (shutdown: the store is not taking events now).
    /// </summary>
    private async Task<bool> FlushUntilAsync(TimeSpan timeout, long? untilFailuresPass)
    {
        var deadline = DateTime.UtcNow + timeout;
        // While a flush waits, the writer does not hold partial batches back (FlushInterval).
        Interlocked.Increment(ref _flushRequests);
        try
        {
            while (!IsDrained)
            {
                if (DateTime.UtcNow > deadline || _loop.IsCompleted || Interlocked.Read(ref _failures) > untilFailuresPass)
                {
                    return IsDrained;
                }

                _buffer.Wake();
                await Task.Delay(10);
            }

            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _flushRequests);
        }
    }

    /// <summary>
    /// Stops accepting events, stores everything left (for up to <see cref="FunnelWriterOptions.ShutdownFlushTimeout"/>),
    /// saves what the store could not take to the spill file, and stops. Never throws because the store is down.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (ReferenceEquals(FunnelEvents.Buffer, _buffer))
        {
            FunnelEvents.Install(null);
        }

        // A write that fails now is retried with backoff until the timeout: spill instead, so that what the store cannot
        // take is on disk before an orchestrator's kill (an operator's trial lost every buffered event to Docker's
        // SIGKILL while the writer still retried a locked store); the next writer on this store replays the file.
        await FlushUntilAsync(_options.ShutdownFlushTimeout, untilFailuresPass: Interlocked.Read(ref _failures));
        _stop.Cancel();
        _buffer.Wake();
        try
        {
            // The write in progress (if any) finishes: cancelling it could leave its outcome unknown.
            await _loop;
        }
        catch (Exception error)
        {
            _log.LogError(error, "The funnel writer loop failed");
        }

        SpillRemaining();
        _replay.Dispose();
        _stop.Dispose();
    }

    private bool IsDrained => _buffer.Count == 0 && !_replay.HasPending;

    private List<string> ClaimSpills()
    {
        try
        {
            return _files.Claim();
        }
        catch (Exception error) when (error is System.IO.IOException or UnauthorizedAccessException)
        {
            _log.LogError("Funnel spill files in {Directory} cannot be read: {Message}", _files.Directory, error.Message);
            return new List<string>();
        }
    }

    private async Task RunAsync()
    {
        var backoff = _options.RetryDelay;
        while (!_stop.IsCancellationRequested)
        {
            if (_inflight.Count == 0 && _inflightFromBuffer == 0 && !TakeReplayBatch())
            {
                await WaitForFullerBatchAsync();
                if (!TakeBufferBatch())
                {
                    Interlocked.Increment(ref _waits);
                    await _buffer.WaitForCountAsync(1, IdleWait, _stop.Token).ConfigureAwait(false);
                    continue;
                }
            }

            try
            {
                _lastWriteTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
                if (!_schemaReady)
                {
                    await _store.EnsureSchemaAsync(_stop.Token);
                    _schemaReady = true;
                    _log.LogInformation("The funnel store ({Store}) is reachable: schema ready, writing {Count} buffered events", _store.Description, _buffer.Count);
                }

                await WriteInflightAsync();
                CompleteInflight();
                backoff = _options.RetryDelay;
            }
            catch (Exception error)
            {
                Interlocked.Increment(ref _failures);
                FunnelWriterMetrics.WriteFailures.Add(1);
                _log.LogWarning("Funnel store write failed ({Message}); retrying in {Delay} ms with {Count} events buffered", error.Message, backoff.TotalMilliseconds, _buffer.Count);
                try
                {
                    await Task.Delay(backoff, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Holds a partial batch back until <see cref="FunnelWriterOptions.BatchSize"/> events are buffered (or the
    /// buffer is full) or <see cref="FunnelWriterOptions.FlushInterval"/> has passed since the previous write
    /// began; not while a flush or shutdown waits. It waits on the buffer (<see cref="FunnelEventBuffer.WaitForCountAsync"/>):
    /// the emit that fills the batch, the end of the interval, a flush request or shutdown ends the wait, so under a
    /// steady stream the writer wakes about once per batch — it used to poll every 10 ms (a hundred timer wake-ups a
    /// second on the thread pool) and to block a pool thread while the buffer was empty.
    /// </summary>
    private async Task WaitForFullerBatchAsync()
    {
        var interval = _options.FlushInterval;
        var full = Math.Min(_options.BatchSize, _buffer.Capacity);
        while (interval > TimeSpan.Zero && _buffer.Count > 0 && _buffer.Count < full
               && Volatile.Read(ref _flushRequests) == 0 && !_stop.IsCancellationRequested)
        {
            var remaining = interval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastWriteTimestamp);
            if (remaining < MinimumWait)
            {
                // Less than a millisecond left: a timer cannot wait that long (it rounds down to zero), so waiting
                // would spin here until the interval ends; writing a fraction of a millisecond early costs nothing.
                return;
            }

            Interlocked.Increment(ref _waits);
            await _buffer.WaitForCountAsync(full, remaining, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>How many times the loop waited for events (tests: the writer wakes per batch, it does not poll).</summary>
    internal long Waits => Interlocked.Read(ref _waits);

    private bool TakeReplayBatch() =>
        _replay.ReadBatch(
            _inflight,
            _options.BatchSize,
            (line, error) => DeadLetterLines(new[] { line }, "unreadable spill line: " + FileSafe(error)),
            (file, error) => _log.LogError("Funnel spill file {File} cannot be read ({Message}); it is kept and replayed at the next start", file, error.Message));

    private bool TakeBufferBatch()
    {
        var count = _buffer.Peek(_peeked, _options.BatchSize);
        if (count == 0)
        {
            return false;
        }

        _inflightFromBuffer = count;
        _inflight.AddRange(Convert(_peeked));
        return true;
    }

    /// <summary>Buffered events → pending ones; repeats of a recorded or same-batch "first" event and unconvertible events are left out.</summary>
    private List<PendingFunnelEvent> Convert(List<FunnelEvent> events)
    {
        var result = new List<PendingFunnelEvent>(events.Count);
        var onceKeys = new HashSet<(string, string)>();
        foreach (var item in events)
        {
            if (item.OncePerEntity && item.EventType is not null && _buffer.IsRecorded(item.EventType, item.EntityId))
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            PendingFunnelEvent pending;
            try
            {
                pending = FunnelEventConverter.Convert(item);
            }
            catch (Exception error)
            {
                DeadLetterLines(new[] { DescribeUnconvertible(item, error) }, null);
                continue;
            }

            if (pending.OncePerEntity && !onceKeys.Add((pending.EventType, pending.EntityId!)))
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            result.Add(pending);
        }

        return result;
    }

    private async Task WriteInflightAsync()
    {
        await ResolveSinceAsync();
        var open = _inflight.Where(p => !p.Done).ToList();
        if (open.Count > 0)
        {
            await WriteIsolatingAsync(open, 0, open.Count);
        }
    }

    /// <summary>Finds the start of each time-since property: a supplied instant, the same batch, or the store.</summary>
    private async Task ResolveSinceAsync()
    {
        foreach (var item in _inflight)
        {
            if (item.Done || item.SinceResolved)
            {
                continue;
            }

            DateTimeOffset? start = null;
            foreach (var other in _inflight)
            {
                if (other.EventType == item.SinceEvent && other.EntityId == item.EntityId && (start is null || other.CreatedAt < start))
                {
                    start = other.CreatedAt;
                }
            }

            if (start is null)
            {
                try
                {
                    start = await _store.FindCreatedAtAsync(item.SinceEvent!, item.EntityId!, CancellationToken.None);
                }
                catch (Exception error) when (_store.Classify(error) == FunnelStoreFailure.InvalidData)
                {
                    // The store cannot even look this entity up (invalid text): the property stays null.
                }
            }

            item.SinceStart = start;
            item.SinceResolved = true;
        }
    }

    /// <summary>Writes rows [start, start + count) of <paramref name="rows"/>; halves the range while the store rejects data in it.</summary>
    private async Task WriteIsolatingAsync(List<PendingFunnelEvent> rows, int start, int count)
    {
        var slice = rows.GetRange(start, count);
        var stored = slice.Select(p => p.ToStored()).ToList();
        IReadOnlyList<bool> inserted;
        try
        {
            inserted = await _store.WriteBatchAsync(stored, CancellationToken.None);
        }
        catch (Exception error) when (_store.Classify(error) == FunnelStoreFailure.InvalidData)
        {
            if (count == 1)
            {
                DeadLetterLines(new[] { slice[0].ToJsonLine(FileSafe(error)) }, null);
                slice[0].Done = true;
                return;
            }

            var half = count / 2;
            await WriteIsolatingAsync(rows, start, half);
            await WriteIsolatingAsync(rows, start + half, count - half);
            return;
        }

        var written = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            var item = slice[i];
            item.Done = true;
            if (item.OncePerEntity)
            {
                // Inserted now or already there: either way the store holds this entity's row.
                _buffer.MarkRecorded(item.EventType, item.EntityKey);
            }

            if (inserted[i])
            {
                Interlocked.Increment(ref _written);
                written++;
                if (item.SinceProperty is not null)
                {
                    FunnelWriterMetrics.RecordTimeToEvent(item.EventType, item.SinceSeconds);
                }

                _exporter.Export(stored[i]);
            }
            else
            {
                Interlocked.Increment(ref _skipped);
            }
        }

        if (written > 0)
        {
            // One measurement per batch, not per row: the counter's total is the same.
            FunnelWriterMetrics.Written.Add(written);
        }
    }

    private void CompleteInflight()
    {
        if (_inflightFromBuffer > 0)
        {
            _buffer.Remove(_inflightFromBuffer);
        }

        _inflight.Clear();
        _inflightFromBuffer = 0;
    }

    /// <summary>After the loop stopped: everything not stored goes to a spill file, replayed by the next writer.</summary>
    private void SpillRemaining()
    {
        var lines = new List<string>();
        if (_inflightFromBuffer > 0)
        {
            lines.AddRange(_inflight.Where(p => !p.Done).Select(p => p.ToJsonLine()));
            _buffer.Remove(_inflightFromBuffer);
            _inflightFromBuffer = 0;
        }

        // Unfinished replayed events are still in their claimed file, which stays for the next start.
        _inflight.Clear();
        while (_buffer.Peek(_peeked, _options.BatchSize) is var count and > 0)
        {
            lines.AddRange(Convert(_peeked).Select(p => p.ToJsonLine()));
            _buffer.Remove(count);
        }

        if (lines.Count == 0)
        {
            return;
        }

        try
        {
            var path = _files.Spill(lines);
            Interlocked.Add(ref _spilled, lines.Count);
            FunnelWriterMetrics.Spilled.Add(lines.Count);
            _log.LogWarning("The funnel store ({Store}) did not take every event before shutdown (unavailable, or slower than ShutdownFlushTimeout {Timeout} s): {Count} events saved to {Path}; the next writer on this store writes them", _store.Description, _options.ShutdownFlushTimeout.TotalSeconds, lines.Count, path);
        }
        catch (Exception error)
        {
            Interlocked.Add(ref _lost, lines.Count);
            FunnelWriterMetrics.Lost.Add(lines.Count);
            _log.LogError("{Count} funnel events are lost: the store did not take them before shutdown (unavailable, or slower than ShutdownFlushTimeout) and the spill file in {Directory} cannot be written ({Message})", lines.Count, _files.Directory, error.Message);
        }
    }

    private void DeadLetterLines(IReadOnlyCollection<string> lines, string? reason)
    {
        try
        {
            _files.DeadLetter(lines);
            Interlocked.Add(ref _deadLettered, lines.Count);
            FunnelWriterMetrics.DeadLettered.Add(lines.Count);
            _log.LogError("{Count} funnel events set aside in {Path}: {Reason}", lines.Count, _files.DeadLetterPath, reason ?? "the store rejects their data");
        }
        catch (Exception error)
        {
            Interlocked.Add(ref _lost, lines.Count);
            FunnelWriterMetrics.Lost.Add(lines.Count);
            _log.LogError("{Count} funnel events are lost: they are invalid and the dead-letter file {Path} cannot be written ({Message})", lines.Count, _files.DeadLetterPath, error.Message);
        }
    }

    /// <summary>
    /// An error's message as the dead-letter file keeps it: scrubbed like any other text that leaves the process (a
    /// store's message can quote the row it rejected — a custom store's, or a database trigger's — and the file is read
    /// by people and tools, not by a log sink that would scrub it).
    /// </summary>
    private static string FileSafe(Exception error) => Instrumentation.Redaction.TextScrubber.Scrub(error.Message);

    /// <summary>
    /// A dead-letter line for an event that cannot be serialized (invalid text is replaced, so this line can be); its
    /// properties follow the sink rules like every other line (<see cref="FunnelProperties.SafeValueAt"/>).
    /// </summary>
    private static string DescribeUnconvertible(in FunnelEvent item, Exception error)
    {
        static string? Clean(string? text) => text is null ? null : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        static string? Safe(FunnelValue value)
        {
            try
            {
                return Clean(value.ToString());
            }
            catch (Exception)
            {
                return "(unreadable)";
            }
        }

        var properties = new StringBuilder();
        for (var i = 0; i < item.Properties.Count; i++)
        {
            properties.Append(i == 0 ? string.Empty : "; ").Append(Clean(item.Properties.NameAt(i))).Append('=').Append(Safe(item.Properties.SafeValueAt(i)));
        }

        // Written with Utf8JsonWriter, not JsonSerializer: reflection-based serialization is off in trimmed and
        // NativeAOT apps, where this error path would itself throw.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event_type", Clean(item.EventType));
            json.WriteString("user_id", Safe(item.UserId));
            json.WriteString("org_id", Safe(item.OrgId));
            json.WriteString("project_id", Safe(item.ProjectId));
            json.WriteString("entity_id", Safe(item.EntityId));
            json.WriteString("properties", properties.ToString());
            json.WriteString("created_at", item.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("error", "cannot be serialized: " + FileSafe(error));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
