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
/// the same way, every one of an <see cref="AggregateException"/> (its <see cref="ToString"/> lists them as .NET's
/// does); <see cref="Exception.Data"/> is not copied. The original object is not reachable from it.
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

    /// <summary>At most this many inner exceptions are kept in all (an aggregate of aggregates could hold thousands).</summary>
    private const int MaxInnerExceptions = 64;

    private readonly string? _stackTrace;

    /// <summary>An aggregate's inner exceptions after its first (which is <see cref="Exception.InnerException"/>), redacted.</summary>
    private readonly RedactedException[] _furtherInner;

    /// <summary>How many of an aggregate's inner exceptions were not kept (over <see cref="MaxInnerExceptions"/>).</summary>
    private readonly int _innerLeftOut;

    private RedactedException(string message, string originalTypeName, string? stackTrace, string? errorCode, RedactedException? inner, RedactedException[] furtherInner, int innerLeftOut, int hResult)
        : base(message, inner)
    {
        OriginalTypeName = originalTypeName;
        _stackTrace = stackTrace;
        ErrorCode = errorCode ?? string.Empty;
        HResult = hResult;
        _furtherInner = furtherInner;
        _innerLeftOut = innerLeftOut;
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
    public static RedactedException? From(Exception? exception)
    {
        var budget = MaxInnerExceptions;
        return From(exception, 0, ref budget);
    }

    /// <summary>The original type name and the redacted message: <c>System.InvalidOperationException: …</c>.</summary>
    internal string ToStringWithoutStackTrace() => Message.Length > 0 ? OriginalTypeName + ": " + Message : OriginalTypeName;

    /// <summary>
    /// The original type name, the redacted message, inner exceptions and the stack trace, laid out as .NET's
    /// <see cref="Exception.ToString"/> lays them out (an aggregate's further inner exceptions as
    /// <c> ---> (Inner Exception #1) …&lt;---</c>, as <see cref="AggregateException.ToString"/> does).
    /// </summary>
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

        for (var i = 0; i < _furtherInner.Length; i++)
        {
            builder.Append(Environment.NewLine).Append(" ---> (Inner Exception #").Append(i + 1).Append(") ")
                .Append(_furtherInner[i].ToString()).Append("<---").Append(Environment.NewLine);
        }

        if (_innerLeftOut > 0)
        {
            builder.Append(Environment.NewLine).Append(" ---> (").Append(_innerLeftOut).Append(" more inner exceptions not kept)<---").Append(Environment.NewLine);
        }

        return builder.ToString();
    }

    private static RedactedException? From(Exception? exception, int depth, ref int budget)
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
            // A classified code is redacted by its class, as a classified member is; a code that quotes a classified
            // argument of the failed call has it replaced, as the message has (a stranger's trial).
            errorCode = exception is IHasErrorCode { ErrorCode: { Length: > 0 } code }
                ? Operations.ErrorCodeClassification.Of(exception) is var classification and not 0
                    ? Redaction.Redactors.Redact((DataClass)classification, code)
                    : Redaction.TextScrubber.Scrub(Operations.ClassifiedArguments.RedactIn(exception, code))
                : null;
        }
        catch (Exception)
        {
            // A throwing Message or ErrorCode override must not break logging.
            typeName = exception.GetType().FullName ?? exception.GetType().Name;
            message = string.Empty;
            stackTrace = null;
            errorCode = null;
        }

        RedactedException? inner = null;
        var furtherInner = Array.Empty<RedactedException>();
        var leftOut = 0;
        if (depth < MaxInnerDepth && exception.InnerException is { } first && budget > 0)
        {
            // An exception's own inner exceptions are counted before any of theirs, so an aggregate nested in another
            // cannot use up the budget of its siblings.
            var all = exception is AggregateException { InnerExceptions: { Count: > 1 } list } ? list : null;
            var count = all?.Count ?? 1;
            var kept = Math.Min(count, budget);
            budget -= kept;
            leftOut = count - kept;
            inner = From(first, depth + 1, ref budget);
            if (all is not null && kept > 1)
            {
                furtherInner = new RedactedException[kept - 1];
                for (var i = 1; i < kept; i++)
                {
                    furtherInner[i - 1] = From(all[i], depth + 1, ref budget)!;
                }
            }
        }

        return new RedactedException(message, typeName, stackTrace, errorCode, inner, furtherInner, leftOut, exception.HResult);
    }
}
