using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Logging;

/// <summary>Writes every log to two loggers (the application's and the test kit's, see <see cref="OperationLog"/>).</summary>
internal sealed class TeeLogger : ILogger
{
    private readonly ILogger _first;
    private readonly ILogger _second;

    public TeeLogger(ILogger first, ILogger second)
    {
        _first = first;
        _second = second;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var first = _first.BeginScope(state);
        var second = _second.BeginScope(state);
        return first is null ? second : second is null ? first : new Both(first, second);
    }

    public bool IsEnabled(LogLevel logLevel) => _first.IsEnabled(logLevel) || _second.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (_first.IsEnabled(logLevel))
        {
            _first.Log(logLevel, eventId, state, exception, formatter);
        }

        if (_second.IsEnabled(logLevel))
        {
            _second.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    private sealed class Both : IDisposable
    {
        private readonly IDisposable _first;
        private readonly IDisposable _second;

        public Both(IDisposable first, IDisposable second)
        {
            _first = first;
            _second = second;
        }

        public void Dispose()
        {
            _second.Dispose();
            _first.Dispose();
        }
    }
}
