namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A generator failed on one declaration or call site; that one was not instrumented, the rest was.</summary>
    public const string InternalGeneratorError = "INS0999";

    /// <summary>An analyzer failed on one declaration or operation; that one was not analyzed, the rest was.</summary>
    public const string InternalAnalyzerError = "INS0036";
}
