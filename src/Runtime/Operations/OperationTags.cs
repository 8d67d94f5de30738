using System;

namespace Instrumentation.Operations;

/// <summary>
/// Allocation-free tag values for generated code: value types are never boxed per call. Booleans and
/// small integers come from caches; other numbers are boxed only when a span is recorded.
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

    /// <summary>A boxed integer, cached for small values (the common case: counts, sizes, indexes).</summary>
    public static object Int64(long value)
    {
        return value is >= SmallIntegerMin and <= SmallIntegerMax
            ? SmallIntegers[value - SmallIntegerMin]
            : value;
    }

    /// <summary>
    /// The failure reason of an exception: its <see cref="IHasErrorCode.ErrorCode"/> or its type name
    /// (both bounded by the code base; <c>Type.Name</c> is cached by the runtime).
    /// </summary>
    public static string Reason(Exception exception)
    {
        return exception is IHasErrorCode { ErrorCode: { Length: > 0 } code } ? code : exception.GetType().Name;
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
