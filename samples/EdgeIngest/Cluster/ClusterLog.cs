using System;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Cluster;

/// <summary>The log events of the PostgreSQL cluster channel (ids 700–709).</summary>
public static partial class ClusterLog
{
    [LogMethod(LogLevel.Information, "Listening for other instances on PostgreSQL channel {channel}", EventId = 700)]
    public static partial void Listening(ILogger logger, string channel);

    [LogMethod(LogLevel.Error, "The cluster channel connection failed; reconnecting (dashboards may miss readings stored meanwhile)", EventId = 701)]
    public static partial void ChannelFailed(ILogger logger, Exception error);

    [LogMethod(LogLevel.Warning, "Back on the cluster channel: revocations re-checked, widgets and flows reloaded", EventId = 702)]
    public static partial void Resynchronized(ILogger logger);

    [LogMethod(LogLevel.Warning, "A cluster message could not be applied ({kind})", EventId = 703)]
    public static partial void MessageFailed(ILogger logger, string kind, Exception error);
}
