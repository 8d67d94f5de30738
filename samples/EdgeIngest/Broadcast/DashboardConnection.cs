using System;
using System.Threading;
using System.Threading.Channels;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Broadcast;

/// <summary>
/// One dashboard WebSocket: the dashboard it authenticated as, and a bounded send queue. When a client
/// is too slow the oldest frames are dropped (the hub counts each drop) and the client is told how many
/// it missed.
/// </summary>
public sealed class DashboardConnection
{
    public const int Capacity = 1_000;
    private readonly Channel<string> _queue;
    private int _missed;

    public DashboardConnection(DashboardIdentity dashboard, string connectionId, Action<DashboardConnection> dropped)
    {
        Dashboard = dashboard;
        ConnectionId = connectionId;
        Tenant = new TenantContext(dashboard.OrgId, dashboard.ProjectId);
        _queue = Channel.CreateBounded<string>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => dropped(this));
    }

    public DashboardIdentity Dashboard { get; }

    public string ConnectionId { get; }

    public TenantContext Tenant { get; }

    /// <summary>Frames waiting to be sent.</summary>
    public int Pending => _queue.Reader.Count;

    public ChannelReader<string> Reader => _queue.Reader;

    public bool TryEnqueue(string payload) => _queue.Writer.TryWrite(payload);

    /// <summary>Remembers a dropped frame, to tell the client.</summary>
    public void NoteMissed() => Interlocked.Increment(ref _missed);

    /// <summary>Frames dropped since the last call (the client is told in a <c>frames_dropped</c> frame).</summary>
    public int TakeMissed() => Interlocked.Exchange(ref _missed, 0);

    public void Complete() => _queue.Writer.TryComplete();
}
