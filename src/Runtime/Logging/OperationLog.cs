using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Logging;

/// <summary>
/// The automatic logs of instrumented operations (failure; opt-in start and completion). Generated
/// interceptors call these members; the logging registration supplies the logger.
/// </summary>
public static class OperationLog
{
    private static ILogger s_logger = NullLogger.Instance;
    private static volatile bool s_configured;

    /// <summary>The logger category of the automatic operation logs.</summary>
    public const string Category = "Instrumentation.Operations";

    /// <summary>The logger the automatic logs are written to.</summary>
    public static ILogger Logger => s_logger;

    /// <summary>Sets the logger factory the automatic logs use (null restores the no-op logger).</summary>
    /// <param name="factory">The application's logger factory.</param>
    public static void Configure(ILoggerFactory? factory)
    {
        s_logger = factory?.CreateLogger(Category) ?? NullLogger.Instance;
        s_configured = factory is not null;
    }

    /// <summary>True once a logger factory is configured; generated code skips all log work otherwise.</summary>
    public static bool IsConfigured => s_configured;

    /// <summary>
    /// True when a failure log could be written at some level (failures are logged at Error unless the
    /// exception lowers it, see <see cref="IHasErrorCode.FailureLogLevel"/>; the exact level is checked
    /// when writing).
    /// </summary>
    public static bool IsFailureEnabled => s_logger.IsEnabled(LogLevel.Critical);

    /// <summary>True when start/completion logs would be written.</summary>
    public static bool IsInformationEnabled => s_logger.IsEnabled(LogLevel.Information);

    /// <summary>Writes the failure log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    /// <param name="exception">The exception that ended the operation.</param>
    /// <param name="durationMs">How long the operation ran, in milliseconds.</param>
    public static void Failed(string spanName, Exception exception, double durationMs)
    {
        OperationLogWriter.Failed(s_logger, spanName, exception, durationMs);
    }

    /// <summary>Writes the opt-in start log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    public static void Started(string spanName)
    {
        OperationLogWriter.Started(s_logger, spanName);
    }

    /// <summary>Writes the opt-in completion log of an operation.</summary>
    /// <param name="spanName">The operation's span name.</param>
    /// <param name="durationMs">How long the operation ran, in milliseconds.</param>
    public static void Completed(string spanName, double durationMs)
    {
        OperationLogWriter.Completed(s_logger, spanName, durationMs);
    }
}
