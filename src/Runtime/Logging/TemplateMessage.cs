using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Logging;

/// <summary>
/// Writes a hand-written log's message again from its template with some arguments replaced, through
/// Microsoft.Extensions.Logging's own formatter (<c>LoggerExtensions.Log</c> → <c>FormattedLogValues</c>), so every
/// format, alignment, escaped brace and enumerable argument comes out exactly as the original message wrote it.
/// </summary>
internal static class TemplateMessage
{
    /// <summary>The message of <paramref name="template"/> with <paramref name="arguments"/>, or null when they do not fit it.</summary>
    public static string? Format(string template, object?[] arguments)
    {
        var capture = new Capture();
        try
        {
            capture.Log(LogLevel.Information, template, arguments);
        }
        catch (FormatException)
        {
            return null;
        }

        return capture.Text;
    }

    /// <summary>A logger that keeps the message its formatter writes.</summary>
    private sealed class Capture : ILogger
    {
        public string? Text { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Text = formatter(state, exception);
    }
}
