namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A generator failed on one declaration or call site; that one was not instrumented, the rest was.</summary>
    public const string InternalGeneratorError = "INS0999";
}
