using System;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Instrumentation.OpenTelemetry;

/// <summary>Connects generated operations to logging: failure/start/completion logs and correlation fields.</summary>
public static class InstrumentationLogging
{
    /// <summary>
    /// Uses <paramref name="loggerFactory"/> for the automatic operation logs and turns on the correlation
    /// frames that put tenant and operation ids on every log line written inside an operation. When no level is
    /// enabled for the operation logger, frames start only once some log line is written (see
    /// <see cref="CorrelationContext"/>), so an application whose logging is all off pays nothing per operation.
    /// </summary>
    /// <param name="loggerFactory">The application's logger factory.</param>
    public static void Use(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        OperationLog.Configure(loggerFactory);
        CorrelationContext.SetEnabled(true, linesExpected: OperationLog.Logger.IsEnabled(LogLevel.Critical));
    }

    /// <summary>
    /// Turns automatic operation logs and correlation frames off again (while test captures of
    /// <c>Instrumentation.Sdk.Testing</c> are alive they stay on for the captures).
    /// </summary>
    public static void Reset()
    {
        OperationLog.Configure(null);
        if (!OperationLog.IsConfigured)
        {
            CorrelationContext.SetEnabled(false);
        }
    }

    /// <summary>
    /// <see cref="Reset"/> when <paramref name="loggerFactory"/> is still the one <see cref="Use"/> was given: a host's
    /// services are being disposed, and operations must neither log to its disposed factory nor keep paying for
    /// correlation frames nobody reads. A factory another host configured since then is left in place.
    /// </summary>
    /// <param name="loggerFactory">The factory the host passed to <see cref="Use"/>.</param>
    internal static void Release(ILoggerFactory loggerFactory)
    {
        if (OperationLog.Release(loggerFactory) && !OperationLog.IsConfigured)
        {
            CorrelationContext.SetEnabled(false);
        }
    }

    /// <summary>
    /// Adds <see cref="InstrumentationLogProcessor"/> (correlation fields, redacted exceptions and scrubbed text for
    /// every OpenTelemetry log record). Call it before adding exporters.
    /// </summary>
    /// <param name="options">The OpenTelemetry logger options.</param>
    /// <returns>The same options.</returns>
    public static OpenTelemetryLoggerOptions AddInstrumentationProcessor(this OpenTelemetryLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddProcessor(new InstrumentationLogProcessor());
    }
}
