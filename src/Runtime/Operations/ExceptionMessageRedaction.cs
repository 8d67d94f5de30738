using System;
using System.Threading;

namespace Instrumentation.Operations;

/// <summary>
/// The single place where an exception message is turned into something safe to export. Until a
/// redactor is installed (the logging module installs its free-text scrubber), messages are NOT
/// recorded at all: only the exception type is.
/// </summary>
public static class ExceptionMessageRedaction
{
    private static Func<string, string>? s_redactor;

    /// <summary>Installs the function that scrubs exception messages before they reach any sink.</summary>
    public static void Install(Func<string, string>? redactor) => Volatile.Write(ref s_redactor, redactor);

    /// <summary>The redacted message, or null when no redactor is installed or the message is empty.</summary>
    public static string? Redact(Exception exception)
    {
        var redactor = Volatile.Read(ref s_redactor);
        var message = exception.Message;
        if (redactor is null || string.IsNullOrEmpty(message))
        {
            return null;
        }

        return redactor(message);
    }
}
