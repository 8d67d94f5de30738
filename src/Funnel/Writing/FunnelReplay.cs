using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace Instrumentation.Funnel.Writing;

/// <summary>
/// Reads claimed spill files back in batches. A file is deleted only when the writer asks for more after
/// its last batch was stored; when the writer stops first, the file stays and is claimed again next start.
/// </summary>
internal sealed class FunnelReplay : IDisposable
{
    private readonly Queue<string> _files;
    private StreamReader? _reader;
    private string? _current;

    /// <summary>
    /// Claimed files neither deleted (every line stored) nor given up (unreadable, kept for the next start). One count,
    /// changed only after the file's fate is settled: <see cref="HasPending"/> is read by a flush on another thread, and
    /// the queue and the reader are each empty for a moment while a file is opened or deleted — a flush that saw that
    /// moment returned "drained" before the file's events were stored (a test caught it under load).
    /// </summary>
    private int _unsettled;

    public FunnelReplay(IEnumerable<string> claimed)
    {
        _files = new Queue<string>(claimed);
        _unsettled = _files.Count;
    }

    /// <summary>True while some claimed file is not fully stored (and deleted) nor given up; safe to read from any thread.</summary>
    public bool HasPending => Volatile.Read(ref _unsettled) > 0;

    /// <summary>
    /// Adds up to <paramref name="max"/> events to <paramref name="batch"/>; a line that cannot be read goes
    /// to <paramref name="unreadable"/>. Returns false when every file is done.
    /// </summary>
    /// A file that cannot be opened or read (permissions, I/O error) is left where it is, reported to
    /// <paramref name="fileFailed"/>, and claimed again at the next start; the writer goes on with the next one.
    public bool ReadBatch(List<PendingFunnelEvent> batch, int max, Action<string, Exception> unreadable, Action<string, Exception> fileFailed)
    {
        while (true)
        {
            if (_reader is null)
            {
                if (!_files.TryDequeue(out var next))
                {
                    return false;
                }

                try
                {
                    _reader = new StreamReader(new FileStream(next, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                    _current = next;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    fileFailed(next, error);
                    Settled();
                    continue;
                }
            }

            var read = 0;
            while (read < max && TryReadLine(fileFailed) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                read++;
                try
                {
                    batch.Add(PendingFunnelEvent.FromJsonLine(line));
                }
                catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    unreadable(line, error);
                }
            }

            if (read > 0)
            {
                return true;
            }

            if (_reader is null)
            {
                // Reading failed: the file stays for the next start (replayed lines keep their event ids: no duplicates).
                continue;
            }

            // Every line of this file is stored: it is done.
            _reader.Dispose();
            _reader = null;
            TryDelete(_current!);
            Settled();
        }
    }

    private void Settled() => Interlocked.Decrement(ref _unsettled);

    /// <summary>The next line of the current file; null at its end, or when it cannot be read (then the file is closed, not deleted).</summary>
    private string? TryReadLine(Action<string, Exception> fileFailed)
    {
        try
        {
            return _reader!.ReadLine();
        }
        catch (IOException error)
        {
            fileFailed(_current!, error);
            Dispose();
            Settled();
            return null;
        }
    }

    /// <summary>Closes the current file without deleting it (it is replayed again at the next start).</summary>
    public void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
