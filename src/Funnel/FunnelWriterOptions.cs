using System;
using System.IO;

namespace Instrumentation.Funnel;

/// <summary>How the <see cref="FunnelWriter"/> buffers, batches, retries, shuts down and spills.</summary>
public sealed class FunnelWriterOptions
{
    /// <summary>The default <see cref="ShutdownFlushTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultShutdownFlushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Events per store write (one transaction; on PostgreSQL one statement). Default 1,000.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>The default <see cref="FlushInterval"/>: 100 milliseconds.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a partial batch may wait for more events after the previous write began: writes then happen when
    /// <see cref="BatchSize"/> events are buffered or this interval has passed, so a steady stream costs one store
    /// transaction per interval rather than one per event, while an event after a quiet interval is written at once.
    /// <see cref="FunnelWriter.FlushAsync"/> and shutdown do not wait for it. Default
    /// <see cref="DefaultFlushInterval"/> (100 ms). It used to be zero (a transaction per event as events arrive): with a
    /// flow run per message, EdgeIngest's funnel writer then committed a thousand times a second into the SQLite file
    /// the app writes, and every commit emptied the page cache of the app's own connection, which read its pages again
    /// — about a fifth of the instrumented server's CPU per message (issue 18 §2; docs/performance-e2e.md). Zero
    /// still writes as soon as events arrive.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = DefaultFlushInterval;

    /// <summary>
    /// How long disposing the writer (host stop, Ctrl+C, end of a run) keeps storing what is buffered while the store
    /// takes it. Default <see cref="DefaultShutdownFlushTimeout"/>. A write that fails during it ends the wait at once
    /// (no backoff retries at shutdown); whatever is not stored then is saved to the spill file and written on the next
    /// start: nothing is dropped. Keep it below the orchestrator's grace period (Docker: 10 s, Kubernetes: 30 s).
    /// </summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = DefaultShutdownFlushTimeout;

    /// <summary>The first wait after a failed write; it doubles up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between retries while the store is down. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the spill file (events not stored at shutdown, replayed on the next start) and the
    /// dead-letter file (events the store rejects as invalid) are kept. Default: <c>funnel-spill</c> next
    /// to the application (<see cref="AppContext.BaseDirectory"/>). File names include a hash of the
    /// store's description, so two stores never share a spill file. The writer checks when it starts that it can write
    /// here (a probe file; the folder is not left behind if it did not exist) and logs a warning if not.
    /// </summary>
    public string SpillDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "funnel-spill");

    /// <summary>Buffer capacity when the writer creates its buffer (see <see cref="FunnelEventBuffer"/>). Default 100,000.</summary>
    public int BufferCapacity { get; set; } = FunnelEventBuffer.DefaultCapacity;

    /// <summary>What happens when the buffer is full. Default <see cref="FunnelOverflowPolicy.BlockBriefly"/>.</summary>
    public FunnelOverflowPolicy OverflowPolicy { get; set; } = FunnelOverflowPolicy.BlockBriefly;

    /// <summary>How long <see cref="FunnelOverflowPolicy.BlockBriefly"/> waits for room. Default 50 ms.</summary>
    public TimeSpan OverflowWait { get; set; } = FunnelEventBuffer.DefaultBlockFor;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BatchSize is < 1 or > 50_000)
        {
            throw new ArgumentException("FunnelWriterOptions.BatchSize must be between 1 and 50,000 (was " + BatchSize + ").");
        }

        if (ShutdownFlushTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("FunnelWriterOptions.ShutdownFlushTimeout must not be negative.");
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException("FunnelWriterOptions.RetryDelay must be positive and MaxRetryDelay at least RetryDelay.");
        }

        if (string.IsNullOrWhiteSpace(SpillDirectory))
        {
            throw new ArgumentException("FunnelWriterOptions.SpillDirectory must name a directory.");
        }

        if (FlushInterval < TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("FunnelWriterOptions.FlushInterval must be between 0 and 1 minute.");
        }

        if (BufferCapacity is < 1 or > MaxBufferCapacity)
        {
            // The buffer is allocated whole at start: int.MaxValue failed there with "Array dimensions exceeded supported
            // range", reported as an unreachable store, then an out-of-memory crash (an operator's trial).
            throw new ArgumentException("FunnelWriterOptions.BufferCapacity must be between 1 and " + MaxBufferCapacity.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
                + " (was " + BufferCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture) + "); the buffer is allocated whole at start.");
        }

        if (!Enum.IsDefined(OverflowPolicy))
        {
            throw new ArgumentException("FunnelWriterOptions.OverflowPolicy must be DropNewest or BlockBriefly (was " + (int)OverflowPolicy + ").");
        }

        if (OverflowWait < TimeSpan.Zero || OverflowWait > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("FunnelWriterOptions.OverflowWait must be between 0 and 1 minute (was " + OverflowWait + ").");
        }
    }

    /// <summary>The largest <see cref="BufferCapacity"/>: a million events (≈ 432 MB, allocated whole at start).</summary>
    public const int MaxBufferCapacity = 1_000_000;
}
