using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Instrumentation.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>One captured log call: everything a sink could see.</summary>
public sealed record CapturedLog(LogLevel Level, EventId EventId, string Category, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception, string Json)
{
    /// <summary>The span current when the entry was written (default when none): the ids a sink writes with it.</summary>
    public ActivitySpanId SpanId { get; init; }

    /// <summary>Every piece of text a provider could write: message, state values, exception text, JSON line.</summary>
    public IEnumerable<string> Texts()
    {
        yield return Message;
        yield return Json;
        foreach (var pair in State)
        {
            yield return pair.Key + "=" + pair.Value;
        }

        for (var exception = Exception; exception is not null; exception = exception.InnerException)
        {
            yield return exception.Message;
            yield return exception.ToString();
            yield return exception.StackTrace ?? string.Empty;
        }
    }

    /// <summary>The value of a state field (the only one with that name).</summary>
    public object? Field(string name) => Assert.Single(State, p => p.Key == name).Value;
}

/// <summary>A logger provider that records every entry, its structured state and its JSON line.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly CapturingLoggerProvider _provider;
        private readonly string _category;

        public CapturingLogger(CapturingLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= _provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var structured = new List<KeyValuePair<string, object?>>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                structured.AddRange(pairs);
            }

            using var json = new StringWriter();
            JsonLogLine.Write(json, DateTimeOffset.UtcNow, logLevel, _category, message, exception, state is IRedactedLogState);
            _provider.Logs.Enqueue(new CapturedLog(logLevel, eventId, _category, message, structured, exception, json.ToString())
            {
                SpanId = Activity.Current?.SpanId ?? default,
            });
        }
    }
}
