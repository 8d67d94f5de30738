using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers.Guard;

/// <summary>
/// Turns an exception thrown while analysing one declaration or operation into one INS0036 diagnostic at that place,
/// so no exception leaves an analyzer (the host would report AD0001 and stop running it for the whole compilation).
/// </summary>
internal static class AnalyzerGuard
{
    /// <summary>Cancellation is the host's request and must propagate; everything else is caught.</summary>
    public static bool IsCatchable(Exception exception) => exception is not OperationCanceledException;

    /// <summary>The INS0036 diagnostic for <paramref name="exception"/> thrown by <paramref name="component"/> while handling <paramref name="what"/>.</summary>
    public static Diagnostic Failure(string component, Exception exception, Location? location, string what) =>
        Diagnostic.Create(
            AnalyzerDiagnostics.InternalAnalyzerError,
            location ?? Location.None,
            component,
            what,
            exception.GetType().FullName ?? exception.GetType().Name,
            FirstLine(exception.Message));

    /// <summary>Where a symbol's failure is reported: its first source location.</summary>
    public static Location? LocationOf(ISymbol? symbol)
    {
        try
        {
            return symbol?.Locations.FirstOrDefault(l => l.IsInSource);
        }
        catch (Exception exception) when (IsCatchable(exception))
        {
            return null;
        }
    }

    /// <summary>How a symbol is named in the message; never throws.</summary>
    public static string Describe(ISymbol? symbol)
    {
        try
        {
            return symbol is null ? "a declaration" : "'" + symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "'";
        }
        catch (Exception exception) when (IsCatchable(exception))
        {
            return "'" + symbol!.Name + "'";
        }
    }

    /// <summary>Reports the failure; a failure to report it is dropped rather than thrown at the host.</summary>
    public static void Report(Action<Diagnostic> report, Func<Diagnostic> create)
    {
        try
        {
            report(create());
        }
        catch (Exception exception) when (IsCatchable(exception))
        {
            // Nothing more can be said without throwing; the rest of the analysis goes on.
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }
}
