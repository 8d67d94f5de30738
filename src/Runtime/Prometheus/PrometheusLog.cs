using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Prometheus;

/// <summary>The logs of the Prometheus exposition.</summary>
internal static class PrometheusLog
{
    private static readonly Action<ILogger, string, Exception?> s_nameConflict = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(9301, "PrometheusNameConflict"),
        "{Conflict}");

    /// <summary>A metric stream or series was left out of <c>/metrics</c> because another one has its name.</summary>
    public static void NameConflict(ILogger logger, string conflict) => s_nameConflict(logger, conflict, null);
}
