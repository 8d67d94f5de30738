using System;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Funnel.Hosting;

/// <summary>
/// Runs the <see cref="FunnelWriter"/> with the host: on start it opens the store, creates the schema, installs the
/// buffer generated code enqueues into and starts writing (a store that cannot be reached at start is logged as an
/// error and does not stop the host: the schema is created once it answers); on stop it stores what is buffered (spilling what the
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
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The store cannot be reached now (database down, file not openable yet): funnel events must not keep the
            // app from starting. The writer creates the schema once the store answers and writes what waited; events
            // still unstored at shutdown are spilled and written by the next start, as when the store fails later.
            _loggerFactory.CreateLogger<FunnelEventsService>().LogError(
                "The funnel store ({Store}) cannot be reached at start ({Message}). The app starts anyway: funnel events wait in the buffer (up to {Capacity}) and are written once the store answers (retried with backoff); what is not stored by shutdown is saved to a spill file",
                store.Description,
                error.Message,
                _options.Writer.BufferCapacity);
            _writer = FunnelWriter.StartWithSchemaPending(store, _options.Writer, _loggerFactory);
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
