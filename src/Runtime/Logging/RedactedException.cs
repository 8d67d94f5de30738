using System;
using System.Text;
using Instrumentation.Operations;

namespace Instrumentation.Logging;

/// <summary>
/// What log providers receive instead of the original exception, so that no sink (console, JSON,
/// OpenTelemetry/OTLP, files) sees its message in clear. It keeps the original's full type name
/// (<see cref="OriginalTypeName"/>, and first in <see cref="ToString"/>), its stack trace, its HResult and its
/// <see cref="IHasErrorCode.ErrorCode"/>; its <see cref="Exception.Message"/> is the original message after
/// <see cref="ExceptionMessageRedaction"/> (the free-text scrubber by default); inner exceptions are redacted
/// the same way; <see cref="Exception.Data"/> is not copied. The original object is not reachable from it.
/// </summary>
/// <remarks>
/// A provider that prints <c>GetType().Name</c> (the OTLP exporter's <c>exception.type</c>) shows
/// <c>RedactedException</c>; the original type is in <see cref="OriginalTypeName"/>, in <see cref="ToString"/>,
/// and in the <c>exception_type</c> field of the log state. <see cref="InstrumentationLogProcessor"/> turns it
/// back into the standard <c>exception.type</c>/<c>exception.message</c>/<c>exception.stacktrace</c> attributes.
/// </remarks>
public sealed class RedactedException : Exception, IHasErrorCode
{
    private const int MaxInnerDepth = 8;
    private readonly string? _stackTrace;

    private RedactedException(string message, string originalTypeName, string? stackTrace, string? errorCode, RedactedException? inner, int hResult)
        : base(message, inner)
    {
        OriginalTypeName = originalTypeName;
        _stackTrace = stackTrace;
        ErrorCode = errorCode ?? string.Empty;
        HResult = hResult;
    }

    /// <summary>The full name of the original exception's type, for example <c>System.InvalidOperationException</c>.</summary>
    public string OriginalTypeName { get; }

    /// <summary>The original exception's error code (<see cref="IHasErrorCode"/>), or empty.</summary>
    public string ErrorCode { get; }

    /// <summary>The original exception's stack trace.</summary>
    public override string? StackTrace => _stackTrace;

    /// <summary>
    /// The redacted stand-in for <paramref name="exception"/> (null for null; a <see cref="RedactedException"/> is
    /// returned as it is). Never throws.
    /// </summary>
    /// <param name="exception">The exception to hand to log providers.</param>
    public static RedactedException? From(Exception? exception) => From(exception, 0);

    /// <summary>The original type name and the redacted message: <c>System.InvalidOperationException: …</c>.</summary>
    internal string ToStringWithoutStackTrace() => Message.Length > 0 ? OriginalTypeName + ": " + Message : OriginalTypeName;

    /// <summary>The original type name, the redacted message, inner exceptions and the stack trace.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(OriginalTypeName);
        if (Message.Length > 0)
        {
            builder.Append(": ").Append(Message);
        }

        if (InnerException is RedactedException inner)
        {
            builder.Append(" ---> ").Append(inner.ToString()).Append(Environment.NewLine).Append("   --- End of inner exception stack trace ---");
        }

        if (!string.IsNullOrEmpty(_stackTrace))
        {
            builder.Append(Environment.NewLine).Append(_stackTrace);
        }

        return builder.ToString();
    }

    private static RedactedException? From(Exception? exception, int depth)
    {
        if (exception is null)
        {
            return null;
        }

        if (exception is RedactedException redacted)
        {
            return redacted;
        }

        string typeName;
        string message;
        string? stackTrace;
        string? errorCode;
        try
        {
            typeName = exception.GetType().FullName ?? exception.GetType().Name;
            message = ExceptionMessageRedaction.Redact(exception) ?? string.Empty;
            stackTrace = exception.StackTrace;
            // Scrubbed like the message: a code built from input reached the JSON console's error_code as it was (a
            // security review: ghp_… tokens, password=…).
            errorCode = exception is IHasErrorCode { ErrorCode: { Length: > 0 } code } ? Redaction.TextScrubber.Scrub(code) : null;
        }
        catch (Exception)
        {
            // A throwing Message or ErrorCode override must not break logging.
            typeName = exception.GetType().FullName ?? exception.GetType().Name;
            message = string.Empty;
            stackTrace = null;
            errorCode = null;
        }

        var inner = depth < MaxInnerDepth ? From(exception.InnerException, depth + 1) : null;
        return new RedactedException(message, typeName, stackTrace, errorCode, inner, exception.HResult);
    }
}
