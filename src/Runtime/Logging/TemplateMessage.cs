using System;
using System.Collections.Generic;
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
        var capture = new Capture(format: true);
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

    /// <summary>
    /// The names of <paramref name="template"/>'s holes in their order, as Microsoft.Extensions.Logging reads them (a name
    /// repeated where the template repeats it), or null when it cannot read the template. <paramref name="expected"/> is
    /// how many there probably are.
    /// </summary>
    public static string[]? HoleNames(string template, int expected)
    {
        var size = Math.Max(expected, 1);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var capture = new Capture(format: false);
            var arguments = new object?[size];
            try
            {
                capture.Log(LogLevel.Information, template, arguments);
            }
            catch (FormatException)
            {
                return null;
            }

            // The state lists one entry per hole, then {OriginalFormat}; its values are read from the arguments given, so
            // a template with more holes than guessed is read again with as many.
            if (capture.State is not { } state)
            {
                return null;
            }

            var holes = state.Count - 1;
            if (holes <= size)
            {
                var names = new string[Math.Max(holes, 0)];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = state[i].Key;
                }

                return names;
            }

            size = holes;
        }

        return null;
    }

    /// <summary>A logger that keeps the state and the message its formatter writes.</summary>
    private sealed class Capture(bool format) : ILogger
    {
        public string? Text { get; private set; }

        public IReadOnlyList<KeyValuePair<string, object?>>? State { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            State = state as IReadOnlyList<KeyValuePair<string, object?>>;
            if (format)
            {
                Text = formatter(state, exception);
            }
        }
    }
}
