using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Logging;

/// <summary>
/// The automatic logs of instrumented operations (failure; opt-in start and completion). Generated
/// interceptors call these members; the logging registration supplies the logger.
/// </summary>
public static class OperationLog
{
    private static readonly object s_gate = new();
    private static ILogger s_logger = NullLogger.Instance;
    private static ILogger? s_appLogger;
    private static ILoggerFactory? s_appFactory;
    private static ILogger? s_captureLogger;
    private static volatile bool s_configured;

    /// <summary>The logger category of the automatic operation logs.</summary>
    public const string Category = "Instrumentation.Operations";

    /// <summary>The logger the automatic logs are written to.</summary>
    public static ILogger Logger => s_logger;

    /// <summary>Sets the logger factory the automatic logs use (null restores the no-op logger).</summary>
    /// <param name="factory">The application's logger factory.</param>
    /// <remarks>
    /// While the test kit's captures are alive, the automatic logs are written to the kit as well (a test's web host
    /// configuring its own factory does not take them away from the captures).
    /// </remarks>
    public static void Configure(ILoggerFactory? factory)
    {
        lock (s_gate)
        {
            s_appFactory = factory;
            s_appLogger = factory?.CreateLogger(Category);
            Apply();
        }
    }

    /// <summary>
    /// Restores the no-op logger when <paramref name="factory"/> is still the configured one (a host's services being
    /// disposed: its factory is about to be); a factory configured since then stays. Returns whether it was released.
    /// </summary>
    /// <param name="factory">The factory the host configured.</param>
    internal static bool Release(ILoggerFactory factory)
    {
        lock (s_gate)
        {
            if (!ReferenceEquals(s_appFactory, factory))
            {
                return false;
            }

            s_appFactory = null;
            s_appLogger = null;
            Apply();
            return true;
        }
    }

    /// <summary>True once a logger factory is configured; generated code skips all log work otherwise.</summary>
    public static bool IsConfigured => s_configured;

    /// <summary>True when the application configured a logger factory (<see cref="Configure"/>), besides the test kit's logger.</summary>
    internal static bool IsAppConfigured => Volatile.Read(ref s_appLogger) is not null;

    /// <summary>
    /// The test kit's logger (null: none), written to besides the application's while captures are alive, so
    /// <see cref="Configure"/> by the application (a web host started by a test) and the kit never replace each other.
    /// </summary>
    /// <param name="logger">The kit's logger for <see cref="Category"/>.</param>
    internal static void SetCaptureLogger(ILogger? logger)
    {
        lock (s_gate)
        {
            s_captureLogger = logger;
            Apply();
        }
    }

    private static void Apply()
    {
        s_logger = (s_appLogger, s_captureLogger) switch
        {
            (null, null) => NullLogger.Instance,
            ({ } app, null) => app,
            (null, { } capture) => capture,
            ({ } app, { } capture) => new TeeLogger(app, capture),
        };
        s_configured = s_appLogger is not null || s_captureLogger is not null;
    }

    /// <summary>
    /// True when a failure log could be written at some level (failures are logged at Error unless the
    /// exception lowers it, see <see cref="IHasErrorCode.FailureLogLevel"/>; the exact level is checked
    /// when writing).
    /// </summary>
    public static bool IsFailureEnabled => IsEnabled(LogLevel.Critical);

    /// <summary>True when start/completion logs would be written.</summary>
    public static bool IsInformationEnabled => IsEnabled(LogLevel.Information);

    /// <summary>Writes the failure log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    /// <param name="exception">The exception that ended the operation.</param>
    /// <param name="durationMs">How long the operation ran, in milliseconds.</param>
    public static void Failed(string spanName, Exception exception, double durationMs)
    {
        try
        {
            OperationLogWriter.Failed(s_logger, spanName, exception, durationMs);
        }
        catch (Exception)
        {
            // A logging provider that throws (Microsoft's logger then throws an AggregateException): the failed call's own
            // exception must reach its caller, not the log's. Without the SDK this line is not written at all.
        }
    }

    /// <summary>Writes the opt-in start log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    public static void Started(string spanName)
    {
        try
        {
            OperationLogWriter.Started(s_logger, spanName);
        }
        catch (Exception)
        {
            // As in Failed: a throwing provider must not keep the method from running.
        }
    }

    /// <summary>Writes the opt-in completion log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    /// <param name="durationMs">How long the operation ran, in milliseconds.</param>
    public static void Completed(string spanName, double durationMs)
    {
        try
        {
            OperationLogWriter.Completed(s_logger, spanName, durationMs);
        }
        catch (Exception)
        {
            // As in Failed: a call that succeeded returns its value whatever a logging provider does.
        }
    }

    /// <summary>Whether the logger is enabled for <paramref name="level"/>; false when a provider's check throws.</summary>
    private static bool IsEnabled(LogLevel level)
    {
        try
        {
            return s_logger.IsEnabled(level);
        }
        catch (Exception)
        {
            return false;
        }
    }
}
