using System;
using Instrumentation.Funnel.Stores;

namespace Instrumentation.Funnel.Hosting;

/// <summary>Where <see cref="Microsoft.Extensions.DependencyInjection.FunnelEventsServiceCollectionExtensions.AddFunnelEvents"/> stores funnel events, and how.</summary>
public sealed class FunnelEventsOptions
{
    internal Func<IServiceProvider, IFunnelStore>? StoreFactory { get; private set; }

    /// <summary>Batching, buffer, retry, shutdown and spill settings of the writer.</summary>
    public FunnelWriterOptions Writer { get; } = new();

    /// <summary>Stores events in the SQLite file <paramref name="path"/> (created when missing; WAL mode).</summary>
    /// <param name="path">A file path, for example <c>funnel.db</c>.</param>
    /// <returns>These options.</returns>
    public FunnelEventsOptions UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.Contains("Host=", StringComparison.OrdinalIgnoreCase) || path.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("UseSqlite takes a file path; use UsePostgres for a PostgreSQL connection string.", nameof(path));
        }

        StoreFactory = _ => SqlFunnelStore.Open(path);
        return this;
    }

    /// <summary>Stores events in PostgreSQL (<c>Host=…;Database=…</c> or a <c>postgres://</c> URL).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>These options.</returns>
    public FunnelEventsOptions UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("UsePostgres takes a connection string with Host= or a postgres:// URL.", nameof(connectionString));
        }

        StoreFactory = _ => SqlFunnelStore.Open(connectionString);
        return this;
    }

    /// <summary>Stores events in a store of your own (created when the host starts, disposed when it stops).</summary>
    /// <param name="factory">Creates the store from the application's services.</param>
    /// <returns>These options.</returns>
    public FunnelEventsOptions UseStore(Func<IServiceProvider, IFunnelStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        StoreFactory = factory;
        return this;
    }
}
