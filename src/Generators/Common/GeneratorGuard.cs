using System;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// Turns an exception thrown while handling one declaration, call site or operation into one INS0999
/// diagnostic, so no exception ever leaves a generator (which would disable it for the whole project).
/// </summary>
internal static class GeneratorGuard
{
    /// <summary>Cancellation is the host's request and must propagate; everything else is caught.</summary>
    public static bool IsCatchable(Exception exception) => exception is not OperationCanceledException;

    public static DiagnosticInfo Failure(Exception exception, Location? location, string what) =>
        DiagnosticInfo.Create(InternalDiagnostics.InternalError, location, what, exception.GetType().FullName ?? exception.GetType().Name, FirstLine(exception.Message));

    public static Diagnostic Diagnostic(Exception exception, string what) =>
        Failure(exception, null, what).ToDiagnostic(InternalDiagnostics.InternalError);

    /// <summary>How a symbol is named in the message; never throws.</summary>
    public static string Describe(ISymbol? symbol)
    {
        try
        {
            return symbol is null ? "a declaration" : "'" + symbol.ToDisplayString(SymbolNames.Display) + "'";
        }
        catch (Exception exception) when (IsCatchable(exception))
        {
            return "'" + symbol!.Name + "'";
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }
}
