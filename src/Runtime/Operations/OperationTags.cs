using System;

namespace Instrumentation.Operations;

/// <summary>
/// Tag values for generated code. <see cref="System.Diagnostics.Activity.SetTag"/> takes <c>object</c>, and
/// .NET has no tag API for unboxed numbers, so: booleans and integers in -128..1023 come from caches
/// (0 B); enums become their names (0 B); other integers, floating-point numbers and Guids are boxed
/// once per <em>recorded</em> span (24 B; 32 B for a Guid). Nothing is boxed when the span is not sampled or nobody
/// listens, because then no tag is set at all.
/// </summary>
public static class OperationTags
{
    private const int SmallIntegerMin = -128;
    private const int SmallIntegerMax = 1023;

    private static readonly object True = true;
    private static readonly object False = false;
    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    /// <summary>The label value of a boolean: <c>true</c> or <c>false</c>.</summary>
    public static string BoolText(bool value) => value ? "true" : "false";

    /// <summary>A cached boxed boolean.</summary>
    public static object Bool(bool value) => value ? True : False;

    /// <summary>
    /// A boxed integer: cached for -128..1023 (the common case: counts, sizes, attempts, indexes), a new
    /// 24-byte box otherwise (only called when a span is recorded).
    /// </summary>
    public static object Int64(long value)
    {
        return value is >= SmallIntegerMin and <= SmallIntegerMax
            ? SmallIntegers[value - SmallIntegerMin]
            : value;
    }

    /// <summary>
    /// The failure reason of an exception: its <see cref="IHasErrorCode.ErrorCode"/> or its type name
    /// (<c>Type.Name</c> is cached by the runtime). A code that does not look like one or holds something the scrubber
    /// redacts gives the type name too, and codes beyond the process's first 200 give <c>other</c>: a code built from input
    /// must not write a secret or a new series per request into a label. An <c>ErrorCode</c> getter that
    /// throws gives the type name: the caller must receive its own exception, not one of the label's. A classified code
    /// (<c>[PersonalData] string ErrorCode</c>) gives the type name, and so does a code that quotes a classified argument
    /// of the failed call.
    /// </summary>
    public static string Reason(Exception exception)
    {
        try
        {
            // A classified code (ErrorCodeClassification) is no label value: the type name stands for it.
            // A code that quotes a classified argument of the failed call is no label value either.
            return exception is IHasErrorCode { ErrorCode: { Length: > 0 } code } && ErrorCodeClassification.Of(exception) == 0
                && ReferenceEquals(ClassifiedArguments.RedactIn(exception, code), code)
                ? ErrorCodeLabel.Process.Of(code, exception.GetType().Name)
                : exception.GetType().Name;
        }
        catch (Exception)
        {
            return exception.GetType().Name;
        }
    }

    private static object[] CreateSmallIntegers()
    {
        var values = new object[SmallIntegerMax - SmallIntegerMin + 1];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)(i + SmallIntegerMin);
        }

        return values;
    }
}
