using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Testing.Logs;

/// <summary>
/// The kit's logger for the generated operation logs, which the SDK writes to besides the app's logger factory while
/// captures are alive. It marks what it writes, so the routing gives operation logs only to captures that take them.
/// </summary>
internal sealed class OperationLogSink : ILogger
{
    [ThreadStatic]
    private static bool t_writing;

    private readonly ILogger _inner;

    public OperationLogSink(ILogger inner) => _inner = inner;

    /// <summary>True on the thread while this sink writes a log (the OpenTelemetry processors run synchronously).</summary>
    public static bool IsWriting => t_writing;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var outer = t_writing;
        t_writing = true;
        try
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
        finally
        {
            t_writing = outer;
        }
    }
}
