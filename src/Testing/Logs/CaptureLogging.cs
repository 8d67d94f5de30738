using System;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Testing.Internal;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Instrumentation.Testing.Logs;

/// <summary>
/// One process-wide logger factory (the OpenTelemetry logging provider with the SDK's log processor) whose records
/// go to the capture in whose async scope they were written. Loggers are process-wide (the generated operation logs
/// use one static logger), so routing, not one factory per capture, is what keeps parallel tests apart.
/// </summary>
internal static class CaptureLogging
{
    private static readonly Lazy<ILoggerFactory> s_factory = new(() => new Shared(Create()));

    /// <summary>The process-wide factory; disposing it does nothing (a test that disposes it must not end logging for every later test).</summary>
    public static ILoggerFactory Factory => s_factory.Value;

    private static ILoggerFactory Create() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Trace)
        .AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.IncludeScopes = true;
            options.ParseStateValues = true;
            options.AddInstrumentationProcessor();
            options.AddProcessor(new RoutingProcessor());
        }));

    private sealed class Shared : ILoggerFactory
    {
        private readonly ILoggerFactory _inner;

        public Shared(ILoggerFactory inner) => _inner = inner;

        public ILogger CreateLogger(string categoryName) => _inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

        public void Dispose()
        {
            // Shared by every capture of the process: lives as long as the process.
        }
    }

    private sealed class RoutingProcessor : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var capture = TelemetryCapture.Current;
            if (capture is null)
            {
                return;
            }

            if (OperationLogSink.IsWriting)
            {
                // An operation log the kit receives besides the app's factory: for captures that asked for them.
                if (!capture.CapturesOperationLogs)
                {
                    return;
                }
            }
            else if (capture.CapturesOperationLogs
                && GlobalHooks.RoutesOperationLogs
                && string.Equals(data.CategoryName, OperationLog.Category, StringComparison.Ordinal))
            {
                // The test gave the kit's factory to InstrumentationLogging itself: the sink delivers this log too.
                return;
            }

            capture.Add(CapturedLog.From(data));
        }
    }
}
