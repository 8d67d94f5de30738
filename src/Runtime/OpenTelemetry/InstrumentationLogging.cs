using Instrumentation.Correlation;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;

namespace Instrumentation.OpenTelemetry;

/// <summary>Connects generated operations to logging: failure/start/completion logs and correlation fields.</summary>
public static class InstrumentationLogging
{
    /// <summary>
    /// Uses <paramref name="loggerFactory"/> for the automatic operation logs and turns on the correlation
    /// frames that put tenant and operation ids on every log line written inside an operation.
    /// </summary>
    public static void Use(ILoggerFactory loggerFactory)
    {
        OperationLog.Configure(loggerFactory);
        CorrelationContext.SetEnabled(true);
    }

    /// <summary>Turns automatic operation logs and correlation frames off again.</summary>
    public static void Reset()
    {
        OperationLog.Configure(null);
        CorrelationContext.SetEnabled(false);
    }
}
