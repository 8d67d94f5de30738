using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Instrumentation.Funnel.Writing;

/// <summary>
/// The writer's local files, named after the store (a hash of its description) in one directory:
/// <list type="bullet">
/// <item><c>funnel-spill-&lt;store&gt;.&lt;id&gt;.jsonl</c>: events not stored at shutdown, one JSON line each,
/// written to a temporary name, flushed to disk, then renamed (a half-written spill is never replayed).</item>
/// <item><c>funnel-spill-&lt;store&gt;.replaying-&lt;id&gt;.jsonl</c>: a spill claimed by a starting writer
/// (renamed, so two instances never replay the same file); deleted once every line is stored, kept
/// (and claimed again at the next start) otherwise. Replaying a line twice is harmless: its event id is unique.</item>
/// <item><c>funnel-dead-letter-&lt;store&gt;.jsonl</c>: events the store rejects as invalid, with the error; never replayed.</item>
/// </list>
/// </summary>
internal sealed class FunnelSpillFiles
{
    private readonly string _prefix;

    public FunnelSpillFiles(string directory, string storeDescription)
    {
        Directory = Path.GetFullPath(directory);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(storeDescription));
        _prefix = "funnel-spill-" + Convert.ToHexString(hash, 0, 6).ToLowerInvariant();
        DeadLetterPath = Path.Combine(Directory, "funnel-dead-letter-" + Convert.ToHexString(hash, 0, 6).ToLowerInvariant() + ".jsonl");
    }

    public string Directory { get; }

    public string DeadLetterPath { get; }

    /// <summary>Spill files waiting to be replayed (tests and diagnostics).</summary>
    public IReadOnlyList<string> PendingSpills() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, _prefix + ".*.jsonl").OrderBy(f => File.GetLastWriteTimeUtc(f)).ThenBy(f => f, StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

    /// <summary>
    /// Why no spill file could be written now, or null when one can: creates the directory if needed and a probe file
    /// that deletes itself, and removes the directory again if it created it (nothing is left behind next to the app).
    /// </summary>
    public string? WriteProblem()
    {
        var created = !System.IO.Directory.Exists(Directory);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (new FileStream(Path.Combine(Directory, _prefix + ".probe-" + Guid.NewGuid().ToString("N") + ".tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return error.Message;
        }

        if (created)
        {
            try
            {
                System.IO.Directory.Delete(Directory);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another writer put a file there meanwhile: the directory is in use, keep it.
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="lines"/> to a new spill file, durably; returns its path.</summary>
    public string Spill(IReadOnlyCollection<string> lines)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var id = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(Directory, _prefix + "." + id + ".tmp");
        var final = Path.Combine(Directory, _prefix + "." + id + ".jsonl");
        WriteLines(temporary, lines, FileMode.CreateNew);
        File.Move(temporary, final);
        return final;
    }

    /// <summary>Appends <paramref name="lines"/> to the dead-letter file, durably.</summary>
    public void DeadLetter(IReadOnlyCollection<string> lines)
    {
        System.IO.Directory.CreateDirectory(Directory);
        WriteLines(DeadLetterPath, lines, FileMode.Append);
    }

    /// <summary>Takes every waiting spill file for replay (renaming each to a name of its own).</summary>
    public List<string> Claim()
    {
        var claimed = new List<string>();
        foreach (var file in PendingSpills())
        {
            var target = Path.Combine(Directory, _prefix + ".replaying-" + Guid.NewGuid().ToString("N") + ".jsonl");
            try
            {
                File.Move(file, target);
                claimed.Add(target);
            }
            catch (IOException)
            {
                // Another instance claimed it first.
            }
        }

        return claimed;
    }

    private static void WriteLines(string path, IReadOnlyCollection<string> lines, FileMode mode)
    {
        using var stream = new FileStream(path, mode, FileAccess.Write, FileShare.Read);
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        stream.Flush(flushToDisk: true);
    }
}
