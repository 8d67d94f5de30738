using System;
using System.Threading;

namespace Instrumentation.Operations;

/// <summary>
/// The single place where an exception message is turned into something safe to export (span
/// <c>exception.message</c>, the <c>exception_message</c> log field). The default is the free-text
/// scrubber <see cref="Instrumentation.Redaction.TextScrubber"/>; install <c>null</c> to record no message at all.
/// </summary>
public static class ExceptionMessageRedaction
{
    private static Func<string, string>? s_redactor = Instrumentation.Redaction.TextScrubber.Scrub;

    /// <summary>Installs the function that scrubs exception messages before they reach any sink.</summary>
    public static void Install(Func<string, string>? redactor) => Volatile.Write(ref s_redactor, redactor);

    /// <summary>
    /// The redacted message, or null when redaction is off, the message is empty, or reading or redacting it throws
    /// (an exception type whose <see cref="Exception.Message"/> override throws, a redactor that fails). Never throws:
    /// it runs while a failed call's own exception is on its way to the caller, which must receive that exception.
    /// </summary>
    public static string? Redact(Exception exception)
    {
        var redactor = Volatile.Read(ref s_redactor);
        if (redactor is null)
        {
            return null;
        }

        try
        {
            var message = exception.Message;
            // The classified arguments of a failed operation that this message may quote (ClassifiedArguments).
            // Replaced before the scrubber, which could otherwise change part of such a text and leave the rest unfound.
            return string.IsNullOrEmpty(message) ? null : redactor(ClassifiedArguments.RedactIn(exception, message));
        }
        catch (Exception)
        {
            return null;
        }
    }
}
