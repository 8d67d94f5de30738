using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdgeIngest.Cluster;

/// <summary>
/// Makes N instances on one PostgreSQL database one service: holds one connection that <c>LISTEN</c>s on
/// <see cref="ClusterNotifier.Channel"/> and applies what every instance (this one included) announced —
/// stored reading batches are broadcast to this instance's dashboards in the order PostgreSQL committed
/// them, revocations drop cached device tokens at once, new widgets and flows are subscribed, alerts reach
/// this instance's dashboards. When the connection breaks it reconnects with backoff and then re-checks every
/// open device connection and reloads widgets and flows (what was announced meanwhile is not replayed).
/// Inert on SQLite (one instance per file).
/// </summary>
public sealed class ClusterListener : IAsyncDisposable
{
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(15);
    private readonly EdgeStore _store;
    private readonly DashboardHub _hub;
    private readonly FlowEngine _flows;
    private readonly ILogger _logger;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlConnection? _connection;
    private Task _listening = Task.CompletedTask;
    private Task _applying = Task.CompletedTask;
    private long _applied;
    private int _disposed;

    public ClusterListener(EdgeStore store, DashboardHub hub, FlowEngine flows, ILogger<ClusterListener> logger)
    {
        _store = store;
        _hub = hub;
        _flows = flows;
        _logger = logger;
    }

    /// <summary>Messages applied since start (tests wait on it).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>True once listening on PostgreSQL.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Starts listening (returns once <c>LISTEN</c> is in place, so nothing stored after it is missed); nothing on SQLite.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_store.IsPostgres)
        {
            return;
        }

        _connection = await ConnectAsync(cancellationToken);
        IsActive = true;
        ClusterLog.Listening(_logger, ClusterNotifier.Channel);
        _applying = Task.Run(ApplyLoopAsync, CancellationToken.None);
        _listening = Task.Run(ListenLoopAsync, CancellationToken.None);
    }

    /// <summary>Stops listening (idempotent: the app's stop and its container both call it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _listening;
        }
        catch (OperationCanceledException)
        {
        }

        _received.Writer.TryComplete();
        await _applying;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await _store.OpenConnectionAsync(cancellationToken);
        try
        {
            connection.Notification += (_, e) => _received.Writer.TryWrite(e.Payload);
            await using var listen = new NpgsqlCommand("LISTEN " + ClusterNotifier.Channel, connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ListenLoopAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var gap = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_connection is null)
                {
                    _connection = await ConnectAsync(_stop.Token);
                    if (gap)
                    {
                        // Listening again: what was announced meanwhile is lost, so re-check what it could have changed.
                        gap = false;
                        _received.Writer.TryWrite(ResyncMarker);
                    }
                }

                if (!await _connection.WaitAsync(KeepAliveEvery, _stop.Token))
                {
                    // Nothing for a while: a round trip proves the connection (and so the LISTEN) is still there.
                    await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                    await ping.ExecuteScalarAsync(_stop.Token);
                    await _store.DeleteOldClusterPayloadsAsync(_stop.Token);
                }

                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException or ObjectDisposedException)
            {
                ClusterLog.ChannelFailed(_logger, error);
                gap = true;
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                    _connection = null;
                }

                await Task.Delay(backoff, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private const string ResyncMarker = "\0resync";

    private async Task ApplyLoopAsync()
    {
        // One message at a time, in arrival (= commit) order: per-device order holds on every instance.
        await foreach (var payload in _received.Reader.ReadAllAsync(CancellationToken.None))
        {
            var kind = "unknown";
            try
            {
                if (payload == ResyncMarker)
                {
                    kind = "resync";
                    await ResyncAsync();
                    continue;
                }

                var message = ClusterMessage.TryParse(payload);
                if (message?.PayloadRef is { } id)
                {
                    message = await _store.ReadClusterPayloadAsync(id, _stop.Token) is { } body ? ClusterMessage.TryParse(body) : null;
                }

                if (message is null)
                {
                    continue;
                }

                kind = message.Kind;
                await ApplyAsync(message);
                Interlocked.Increment(ref _applied);
            }
            catch (Exception error) when (error is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                ClusterLog.MessageFailed(_logger, kind, error);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ApplyAsync(ClusterMessage message)
    {
        switch (message.Kind)
        {
            case ClusterMessage.ReadingKind when message.DeviceUuid is not null && message.OrgId is not null && message.ProjectId is not null && message.MessageId is not null
                && Enum.TryParse<SensorKind>(message.Sensor, out var sensor):
                var tenant = new Instrumentation.TenantContext(message.OrgId, message.ProjectId, message.DeviceUuid);
                _hub.Publish(tenant, message.MessageId, sensor, message.ReadingsOf(), StopwatchTimestampOf(message.StoredAt));
                break;
            case ClusterMessage.RevokedKind when message.DeviceUuid is not null:
                _store.ForgetDevice(message.DeviceUuid);
                break;
            case ClusterMessage.WidgetKind when message.EntityId is not null:
                if (await _store.LoadWidgetAsync(message.EntityId, _stop.Token) is { } widget)
                {
                    _hub.Register(widget);
                }

                break;
            case ClusterMessage.FlowKind when message.EntityId is not null:
                var (flows, _) = await _store.LoadFlowsAsync(_stop.Token, message.EntityId);
                foreach (var flow in flows)
                {
                    _flows.Register(flow);
                }

                break;
            case ClusterMessage.AlertKind when message.Alert is not null:
                _hub.PublishAlert(message.Alert);
                break;
        }
    }

    /// <summary>After a gap on the channel: every open device connection re-checks its device; widgets and flows are reloaded.</summary>
    private async Task ResyncAsync()
    {
        _store.ForgetAllDevices();
        foreach (var widget in await _store.LoadWidgetsAsync(_stop.Token))
        {
            _hub.Register(widget);
        }

        var (flows, _) = await _store.LoadFlowsAsync(_stop.Token);
        foreach (var flow in flows)
        {
            _flows.Register(flow);
        }

        ClusterLog.Resynchronized(_logger);
    }

    /// <summary>A wall-clock instant as a <see cref="System.Diagnostics.Stopwatch"/> timestamp of this process (broadcast latency starts there).</summary>
    private static long StopwatchTimestampOf(DateTimeOffset? at)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (at is null)
        {
            return now;
        }

        var ago = DateTimeOffset.UtcNow - at.Value;
        return ago <= TimeSpan.Zero ? now : now - (long)(ago.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    }
}
