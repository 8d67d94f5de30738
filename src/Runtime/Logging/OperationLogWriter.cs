using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Logging;

/// <summary>Pre-parsed templates of the automatic operation logs.</summary>
internal static class OperationLogWriter
{
    private static readonly Action<ILogger, string, string, double, Exception?> FailedMessage =
        LoggerMessage.Define<string, string, double>(
            LogLevel.Error,
            new EventId(1, "OperationFailed"),
            "Operation {operation} failed with {exception_type} after {duration_ms} ms");

    private static readonly Action<ILogger, string, Exception?> StartedMessage =
        LoggerMessage.Define<string>(
            LogLevel.Information,
            new EventId(2, "OperationStarted"),
            "Operation {operation} started");

    private static readonly Action<ILogger, string, double, Exception?> CompletedMessage =
        LoggerMessage.Define<string, double>(
            LogLevel.Information,
            new EventId(3, "OperationCompleted"),
            "Operation {operation} completed in {duration_ms} ms");

    public static void Failed(ILogger logger, string spanName, Exception exception, double durationMs)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            FailedMessage(logger, spanName, exception.GetType().FullName ?? exception.GetType().Name, durationMs, exception);
        }
    }

    public static void Started(ILogger logger, string spanName)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            StartedMessage(logger, spanName, null);
        }
    }

    public static void Completed(ILogger logger, string spanName, double durationMs)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            CompletedMessage(logger, spanName, durationMs, null);
        }
    }
}
