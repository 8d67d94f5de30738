using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeIngest.Storage;

/// <summary>
/// One transaction shared by the steps that store a batch. It is opened by the first step that needs it
/// (so a store outage fails inside that step and is counted by it), committed by the last, and rolled back
/// when disposed uncommitted: a batch is stored whole or not at all.
/// </summary>
public sealed class WriteUnit : IAsyncDisposable
{
    private readonly StoreConnection _store;
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private System.Collections.Generic.List<Func<DbConnection, DbTransaction, CancellationToken, Task>>? _beforeCommit;
    private bool _committed;

    public WriteUnit(StoreConnection store) => _store = store;

    /// <summary>The open connection and transaction (opened on first use).</summary>
    public async ValueTask<(DbConnection Connection, DbTransaction Transaction)> BeginAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await _store.OpenAsync(cancellationToken);
            _transaction = await _connection.BeginTransactionAsync(cancellationToken);
        }

        return (_connection, _transaction!);
    }

    /// <summary>
    /// Adds a step that runs in the transaction right before it commits (after every write of the batch
    /// succeeded): what must be stored, or announced, exactly when the batch is.
    /// </summary>
    public void BeforeCommit(Func<DbConnection, DbTransaction, CancellationToken, Task> step) => (_beforeCommit ??= new()).Add(step);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            throw new InvalidOperationException("Nothing to commit: no step began the unit.");
        }

        if (_beforeCommit is not null)
        {
            foreach (var step in _beforeCommit)
            {
                await step(_connection!, _transaction, cancellationToken);
            }
        }

        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
        // A commit into a SQLite file that was deleted or replaced meanwhile is not durable: not acknowledged.
        _store.ConfirmDurable();
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            if (!_committed)
            {
                try
                {
                    await _transaction.RollbackAsync(CancellationToken.None);
                }
                catch (DbException)
                {
                    // The connection is already broken: the server discards the transaction.
                }
                catch (InvalidOperationException)
                {
                    // The transaction already completed (for example its connection closed).
                }
            }

            await _transaction.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
