using System;
using System.Collections.Concurrent;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A logger factory whose lines go through the real OpenTelemetry logger and the SDK's processor, kept as an exporter
/// would see them (<see cref="Records"/>); redactors reset around it.
/// </summary>
public sealed class ProcessedLogs : IDisposable
{
    public ProcessedLogs()
    {
        Redactors.Reset();
        Factory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddInstrumentationProcessor().AddProcessor(Processor);
            }));
    }

    public CapturingLogProcessor Processor { get; } = new();

    public ConcurrentQueue<CapturedRecord> Records => Processor.Records;

    public ILoggerFactory Factory { get; }

    public void Dispose()
    {
        Redactors.Reset();
        Factory.Dispose();
    }
}
