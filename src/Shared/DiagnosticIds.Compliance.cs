namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A custom Microsoft.Extensions.Compliance classification cannot be read at compile time; redacted as personal data.</summary>
    public const string UnreadableClassification = "INS1012";

    /// <summary>A classified parameter of a <c>[LoggerMessage]</c> method: the runtime's generator writes it as it is.</summary>
    public const string LoggerMessageClassifiedParameter = "INS1013";
}
