using System;
using System.Collections.Generic;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Instrumentation.OpenTelemetry;

/// <summary>Connects generated operations to logging: failure/start/completion logs and correlation fields.</summary>
public static class InstrumentationLogging
{
    // The logger factories of the hosts started with WithGeneratedInstrumentation and not yet disposed, oldest first.
    private static readonly List<ILoggerFactory> RunningHosts = [];

    /// <summary>
    /// Uses <paramref name="loggerFactory"/> for the automatic operation logs and turns on the correlation
    /// frames that put tenant and operation ids on every log line written inside an operation. When no level is
    /// enabled for the operation logger nor by the factory's default rules, frames start only once some log line is written (see
    /// <see cref="CorrelationContext"/>), so an application whose logging is all off pays nothing per operation.
    /// </summary>
    /// <param name="loggerFactory">The application's logger factory.</param>
    public static void Use(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        OperationLog.Configure(loggerFactory);
        CorrelationContext.SetEnabled(true, linesExpected: OperationLog.Logger.IsEnabled(LogLevel.Critical) || WritesAnyLine(loggerFactory));
    }

    /// <summary>
    /// Whether the factory's default rules write lines at all: a category no filter names gets the minimum level and the
    /// providers' defaults. An app that turns the operation log off but writes its own lines (EdgeIngest: default level
    /// Warning, its own categories at Information) then pushes frames from the start — it waited for the first written
    /// line, and the operation that wrote it had no frame (its line lacked request_id, a newcomer's trial). Only where
    /// every level is off do frames wait for a first line.
    /// </summary>
    private static bool WritesAnyLine(ILoggerFactory loggerFactory)
    {
        try
        {
            return loggerFactory.CreateLogger("Instrumentation.Correlation.DefaultRules").IsEnabled(LogLevel.Critical);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
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
    /// <see cref="Use"/> for a host that starts (<c>WithGeneratedInstrumentation</c>): its factory also joins the list of
    /// running hosts that <see cref="ReleaseHost"/> falls back to.
    /// </summary>
    /// <param name="loggerFactory">The host's logger factory.</param>
    internal static void UseForHost(ILoggerFactory loggerFactory)
    {
        lock (RunningHosts)
        {
            RunningHosts.Remove(loggerFactory);
            RunningHosts.Add(loggerFactory);
            Use(loggerFactory);
        }
    }

    /// <summary>
    /// A host's services are being disposed, its logger factory with them: operations must neither log to it nor keep
    /// paying for correlation frames nobody reads. When its factory is still the one in use, the newest host still
    /// running gets the operation logs back (several hosts in one process: tests with a web application factory per
    /// class, a worker that rebuilds its host), and with none left they are off as after <see cref="Reset"/>. A factory
    /// the app connected itself since (<see cref="Use"/>) is left in place.
    /// </summary>
    /// <param name="loggerFactory">The factory the host passed to <see cref="UseForHost"/>.</param>
    internal static void ReleaseHost(ILoggerFactory loggerFactory)
    {
        lock (RunningHosts)
        {
            if (!RunningHosts.Remove(loggerFactory) || !OperationLog.Release(loggerFactory))
            {
                return;
            }

            if (RunningHosts.Count > 0)
            {
                Use(RunningHosts[^1]);
            }
            else
            {
                Reset();
            }
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
