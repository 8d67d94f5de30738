using System;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Funnel.Hosting;

/// <summary>
/// Runs the <see cref="FunnelWriter"/> with the host: on start it opens the store, creates the schema, installs the
/// buffer generated code enqueues into and starts writing; on stop it stores what is buffered (spilling what the
/// store cannot take) and closes the store. Resolve it to reach the running <see cref="Writer"/>.
/// </summary>
public sealed class FunnelEventsService : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly FunnelEventsOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private IFunnelStore? _store;
    private FunnelWriter? _writer;

    /// <summary>Created by the container (see <see cref="Microsoft.Extensions.DependencyInjection.FunnelEventsServiceCollectionExtensions.AddFunnelEvents"/>).</summary>
    public FunnelEventsService(IServiceProvider services, FunnelEventsOptions options, ILoggerFactory loggerFactory)
    {
        _services = services;
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The running writer (null before the host started and after it stopped).</summary>
    public FunnelWriter? Writer => Volatile.Read(ref _writer);

    /// <summary>The store events are written to (null before the host started and after it stopped).</summary>
    public IFunnelStore? Store => Volatile.Read(ref _store);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var factory = _options.StoreFactory
            ?? throw new InvalidOperationException("AddFunnelEvents needs a store: o => o.UseSqlite(\"funnel.db\"), o.UsePostgres(connectionString) or o.UseStore(...).");
        var store = factory(_services);
        try
        {
            _writer = await FunnelWriter.StartAsync(store, _options.Writer, _loggerFactory, null, cancellationToken).ConfigureAwait(false);
            _store = store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var writer = Interlocked.Exchange(ref _writer, null);
        if (writer is not null)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }

        var store = Interlocked.Exchange(ref _store, null);
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
