using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Instrumentation.Logging;

/// <summary>
/// A console formatter (name <c>instrumentation-json</c>) writing <see cref="JsonLogLine"/> lines. Add it
/// with <c>logging.AddConsole(o =&gt; o.FormatterName = JsonConsoleFormatter.FormatterName).AddInstrumentationJsonFormatter()</c>.
/// </summary>
public sealed class JsonConsoleFormatter : ConsoleFormatter
{
    /// <summary>The formatter name.</summary>
    public const string FormatterName = "instrumentation-json";

    /// <summary>Creates the formatter.</summary>
    public JsonConsoleFormatter()
        : base(FormatterName)
    {
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, null);
        if (message is not null && !GeneratedLogStates.IsRedacted(logEntry.State))
        {
            // A hand-written line: its values by the same rules as the OpenTelemetry processor's (an object's classified
            // members redacted, secret-named values removed), then scrubbed.
            message = RedactHandWritten(logEntry.State as IReadOnlyList<KeyValuePair<string, object?>>, message);
        }

        JsonLogLine.Write(textWriter, DateTimeOffset.UtcNow, logEntry.LogLevel, logEntry.Category, message, logEntry.Exception, messageIsRedacted: true);
    }

    private static string RedactHandWritten(IReadOnlyList<KeyValuePair<string, object?>>? state, string message)
    {
        try
        {
            return HandWrittenMessage.Redact(state, message);
        }
        catch (Exception)
        {
            // A value whose rendering throws: the line is written without its message rather than in clear.
            return HandWrittenMessage.Withheld;
        }
    }
}

/// <summary>Registration of the JSON formatter.</summary>
public static class JsonConsoleFormatterExtensions
{
    /// <summary>Adds the console logger with the <c>instrumentation-json</c> formatter.</summary>
    public static ILoggingBuilder AddInstrumentationJsonConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsole(options => options.FormatterName = JsonConsoleFormatter.FormatterName);

        // Registered directly, not with AddConsoleFormatter<,>: that also binds formatter options from configuration by
        // reflection (a trim and NativeAOT warning, IL2026/IL3050, in every app that publishes so), and this
        // formatter reads no options.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonConsoleFormatter>());
        return builder;
    }
}
