using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Generators.Tests.Logging;

/// <summary>An <see cref="ILogger"/> that keeps each entry's formatted message and structured state.</summary>
public sealed class RecordingLogger : ILogger
{
    public List<(string Message, Dictionary<string, object?> State)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = new Dictionary<string, object?>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var pair in pairs)
            {
                fields[pair.Key] = pair.Value;
            }
        }

        Entries.Add((formatter(state, exception), fields));
    }
}
