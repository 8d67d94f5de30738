using System;

namespace EdgeIngest.Storage;

/// <summary>
/// The funnel's own SQLite file (<see cref="FunnelLocation"/>) cannot be opened or set up at start: not a database, a
/// folder, not writable. The app's file is fine, so the error names the funnel file, not <c>--db</c>.
/// </summary>
public sealed class FunnelFileException : Exception
{
    public FunnelFileException(string path, Exception inner)
        : base("cannot open the funnel store '" + path + "' (the funnel events of --db, kept next to it): " + inner.Message, inner)
    {
        Path = path;
    }

    /// <summary>The funnel file.</summary>
    public string Path { get; }
}
