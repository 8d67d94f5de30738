using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

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

    public FunnelReplay(IEnumerable<string> claimed) => _files = new Queue<string>(claimed);

    /// <summary>True while some claimed file is not fully stored.</summary>
    public bool HasPending => _reader is not null || _files.Count > 0;

    /// <summary>
    /// Adds up to <paramref name="max"/> events to <paramref name="batch"/>; a line that cannot be read goes
    /// to <paramref name="unreadable"/>. Returns false when every file is done.
    /// </summary>
    public bool ReadBatch(List<PendingFunnelEvent> batch, int max, Action<string, Exception> unreadable)
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
                catch (IOException)
                {
                    continue;
                }
            }

            var read = 0;
            while (read < max && _reader.ReadLine() is { } line)
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

            // Every line of this file is stored: it is done.
            _reader.Dispose();
            _reader = null;
            TryDelete(_current!);
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
